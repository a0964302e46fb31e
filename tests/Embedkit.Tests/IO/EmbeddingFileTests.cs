using System.Buffers.Binary;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class EmbeddingFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(1000, 17)]
    [InlineData(0, 4)]
    public void Write_Then_Read_PreservesIdsBitsAndProvenance(int n, int d)
    {
        var set = TestSets.Make(n, d, TestSets.SpacedUnicodeId);
        string path = _folder.File("set.ekv");
        EmbeddingFile.Write(path, set);

        var back = EmbeddingFile.Read(path);

        TestSets.AssertSameBits(set, back);
        Assert.Equal(set.Provenance.Method, back.Provenance.Method);
        Assert.Equal(set.Provenance.Parameters, back.Provenance.Parameters);
        Assert.Equal(set.Provenance.Seed, back.Provenance.Seed);
        Assert.Equal(set.Provenance.Source, back.Provenance.Source);
    }

    [Fact]
    public void Write_Then_Read_KeepsIdsWithTabsNewlinesAndEmptyStrings()
    {
        var ids = new[] { "", "tab\there", "new\nline", "cr\r", "  spaces  ", "ünïcødé 日本" };
        var set = new EmbeddingSet(ids, 1, [1, 2, 3, 4, 5, 6], Provenance.Imported(null));
        string path = _folder.File("ids.ekv");
        EmbeddingFile.Write(path, set);

        Assert.Equal(ids, EmbeddingFile.Read(path).Ids);
    }

    [Fact]
    public void Write_Then_Read_KeepsProvenanceExactly()
    {
        // Order matters and names may repeat; the largest ulong seed must survive JSON.
        var provenance = new Provenance("fastrp",
            [new("weights", "0,0,1,6.67"), new("beta", "-0.64"), new("alpha", "\"quoted\" \\ ünï"), new("beta", "again")],
            ulong.MaxValue, "data/blog catalog/edges.tsv");
        var set = new EmbeddingSet(["a"], 2, [1, 2], provenance);
        string path = _folder.File("p.ekv");
        EmbeddingFile.Write(path, set);

        var header = EmbeddingFile.ReadHeader(path);

        Assert.Equal("fastrp", header.Provenance.Method);
        Assert.Equal(provenance.Parameters, header.Provenance.Parameters);
        Assert.Equal(ulong.MaxValue, header.Provenance.Seed);
        Assert.Equal("data/blog catalog/edges.tsv", header.Provenance.Source);
        Assert.NotNull(header.CreatedUtc);
    }

    [Fact]
    public void Write_Then_Read_KeepsNullSeedAndSource()
    {
        var set = new EmbeddingSet(["a"], 1, [1], new Provenance("m", []));
        string path = _folder.File("null.ekv");
        EmbeddingFile.Write(path, set);

        var p = EmbeddingFile.Read(path).Provenance;

        Assert.Null(p.Seed);
        Assert.Null(p.Source);
        Assert.Empty(p.Parameters);
    }

    [Fact]
    public void Write_ProducesTheDocumentedLayout()
    {
        // Expected values follow the version 1 table in EmbeddingFile's remarks: 2 × 3 float32.
        var set = new EmbeddingSet(["a", "bc"], 3, [1, 2, 3, 4, 5, 6], new Provenance("m", []));
        string path = _folder.File("layout.ekv");
        EmbeddingFile.Write(path, set);
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> b = bytes;

        Assert.Equal("EKVEMB\0\0"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b[8..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(b[12..]));
        Assert.Equal(2L, BinaryPrimitives.ReadInt64LittleEndian(b[16..]));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(b[24..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b[28..]));
        Assert.Equal(128L, BinaryPrimitives.ReadInt64LittleEndian(b[32..]));
        // ids block: int32 1, "a", int32 2, "bc" = 4 + 1 + 4 + 2 = 11 bytes.
        Assert.Equal(11L, BinaryPrimitives.ReadInt64LittleEndian(b[40..]));
        Assert.Equal(new byte[] { 1, 0, 0, 0, (byte)'a', 2, 0, 0, 0, (byte)'b', (byte)'c' }, bytes[128..139]);
        Assert.Equal(139L, BinaryPrimitives.ReadInt64LittleEndian(b[48..]));
        long provenanceLength = BinaryPrimitives.ReadInt64LittleEndian(b[56..]);
        Assert.Equal((byte)'{', bytes[139]);
        Assert.Equal((byte)'}', bytes[139 + provenanceLength - 1]);
        long dataOffset = BinaryPrimitives.ReadInt64LittleEndian(b[64..]);
        Assert.Equal(0, dataOffset % 64);
        Assert.True(dataOffset >= 139 + provenanceLength && dataOffset < 139 + provenanceLength + 64);
        Assert.Equal(24L, BinaryPrimitives.ReadInt64LittleEndian(b[72..]));
        Assert.Equal(new byte[24], bytes[96..120]);
        Assert.Equal(dataOffset + 24, bytes.Length);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(b[(int)dataOffset..]));
        Assert.Equal(6f, BinaryPrimitives.ReadSingleLittleEndian(b[(int)(dataOffset + 20)..]));
    }

    [Fact]
    public void ReadHeader_Returns_ShapeAndIdsWithoutData()
    {
        var set = TestSets.Make(10, 8, TestSets.SpacedUnicodeId);
        string path = _folder.File("h.ekv");
        EmbeddingFile.Write(path, set);

        var header = EmbeddingFile.ReadHeader(path);

        Assert.Equal(1u, header.Version);
        Assert.Equal(10L, header.Count);
        Assert.Equal(8, header.Dimension);
        Assert.Equal(EmbeddingDataType.Float32, header.DataType);
        Assert.Equal(10 * 8 * 4, header.DataLength);
        Assert.Equal(new FileInfo(path).Length, header.FileLength);
        Assert.Equal(header.DataOffset + header.DataLength, header.FileLength);
        Assert.Equal(set.Ids, header.Ids);
        Assert.Equal("test", header.Provenance.Method);
    }

    [Fact]
    public void ReadHeader_DoesNotVerifyData_ButRead_Does()
    {
        string path = WriteSample();
        FlipByte(path, EmbeddingFile.ReadHeader(path).DataOffset + 5);

        EmbeddingFile.ReadHeader(path); // no throw: data is not read
        EmbeddingFile.Read(path, verifyChecksum: false); // no throw: asked not to verify
        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("checksum mismatch in data block: file is corrupted", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)] // -1: truncate to half
    public void Read_Rejects_TruncatedFile(int cut)
    {
        string path = WriteSample();
        long length = new FileInfo(path).Length;
        long newLength = cut > 0 ? length - cut : length / 2;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(newLength);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains(path, e.Message);
        // "truncated: header says 20 × 6 float32 = 480 bytes of data at offset …, so the file should have … bytes; file has …"
        Assert.Contains("truncated: header says 20 × 6 float32 = 480 bytes of data at offset", e.Message);
        Assert.Contains($"file has {newLength}", e.Message);
        Assert.Throws<InvalidInputException>(() => EmbeddingFile.ReadHeader(path));
    }

    [Fact]
    public void Read_Rejects_FileShorterThanHeader()
    {
        string path = WriteSample();
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(60);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("truncated: an .ekv header needs 128 bytes, file has 60", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_Rejects_TrailingBytes()
    {
        string path = WriteSample();
        using (var f = new FileStream(path, FileMode.Append)) f.WriteByte(0);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("unexpected trailing bytes", e.Message);
    }

    [Fact]
    public void Read_Rejects_FlippedByteInData()
    {
        string path = WriteSample();
        var header = EmbeddingFile.ReadHeader(path);
        FlipByte(path, header.DataOffset + header.DataLength - 1);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.StartsWith($"{path}: checksum mismatch in data block: file is corrupted", e.Message);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Read_Rejects_FlippedByteInIds()
    {
        string path = WriteSample();
        FlipByte(path, EmbeddingFile.HeaderSize + 5); // inside the first id's UTF-8 bytes

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("checksum mismatch in ids/provenance block: file is corrupted", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Throws<InvalidInputException>(() => EmbeddingFile.ReadHeader(path));
    }

    [Fact]
    public void Read_Rejects_FlippedByteInHeader()
    {
        string path = WriteSample();
        FlipByte(path, 24); // dimension

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("checksum mismatch in header", e.Message);
    }

    [Fact]
    public void Read_Rejects_WrongMagic()
    {
        string path = WriteSample();
        FlipByte(path, 0);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("not an .ekv file: expected magic 45 4b 56 45 4d 42 00 00", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_Rejects_EmptyFile()
    {
        string path = _folder.File("empty.ekv");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("found an empty file", e.Message);
    }

    [Fact]
    public void Read_Rejects_UnknownVersion()
    {
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 99);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains("unsupported .ekv version: expected 1, found 99", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal("version", e.Field);
    }

    [Fact]
    public void Read_Rejects_MissingFile()
    {
        string path = _folder.File("missing.ekv");

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_Loads_StoredVersion1File()
    {
        // tests/Embedkit.Tests/TestData/formats/v1-small.ekv was written once by EmbeddingFile.Write (format
        // version 1) from exactly this set and committed; it must keep loading in every later version.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "formats", "v1-small.ekv");

        var set = EmbeddingFile.Read(path);
        var header = EmbeddingFile.ReadHeader(path);

        Assert.Equal(1u, header.Version);
        Assert.Equal(V1Small.Ids, set.Ids);
        Assert.Equal(V1Small.Dimension, set.Dimension);
        Assert.Equal(V1Small.Data.Select(BitConverter.SingleToInt32Bits), set.Data.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("fastrp", set.Provenance.Method);
        Assert.Equal(V1Small.Provenance.Parameters, set.Provenance.Parameters);
        Assert.Equal(42UL, set.Provenance.Seed);
        Assert.Equal("karate/edges.tsv", set.Provenance.Source);
        Assert.Equal(V1Small.CreatedUtc, header.CreatedUtc);
    }

    [Fact]
    public void Write_Rejects_MissingFolder_AndLeavesNothing()
    {
        string folder = _folder.File("no-such-folder");
        string path = Path.Combine(folder, "x.ekv");

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Write(path, TestSets.Make(2, 2)));
        Assert.Contains(folder, e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Write_ReplacesExistingFile_AndLeavesNoTemporaryFile()
    {
        string path = _folder.File("x.ekv");
        EmbeddingFile.Write(path, TestSets.Make(2, 2));
        EmbeddingFile.Write(path, TestSets.Make(3, 4));

        Assert.Equal(3, EmbeddingFile.Read(path).Count);
        Assert.Equal(["x.ekv"], _folder.FileNames());
    }

    [Fact]
    public void Write_Rejects_LoneSurrogateId_AndKeepsOldFile()
    {
        string path = _folder.File("x.ekv");
        EmbeddingFile.Write(path, TestSets.Make(2, 2));
        var bad = new EmbeddingSet(["ok", "bad\uD800"], 1, [1, 2], Provenance.Imported(null));

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFile.Write(path, bad));
        Assert.Contains("row 1", e.Message);
        Assert.Equal(2, EmbeddingFile.Read(path).Count);
        Assert.Equal(["x.ekv"], _folder.FileNames());
    }

    private string WriteSample()
    {
        string path = _folder.File("sample.ekv");
        EmbeddingFile.Write(path, TestSets.Make(20, 6, TestSets.SpacedUnicodeId));
        return path;
    }

    private static void FlipByte(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        int b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x01));
    }
}
