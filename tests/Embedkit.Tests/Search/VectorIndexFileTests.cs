using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Embedkit.Search;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Search;

public sealed class VectorIndexFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(Metric.L2, 0, 5)]
    [InlineData(Metric.L2, 1000, 37)]
    [InlineData(Metric.InnerProduct, 17, 16)]
    [InlineData(Metric.Cosine, 250, 3)]
    public void Write_Then_Read_KeepsIdsVectorsAndResults(Metric metric, int n, int d)
    {
        var index = new FlatIndex(d, metric);
        float[] vectors = BruteForce.Random(n, d, 2);
        long[] ids = Enumerable.Range(0, n).Select(i => (long)i * 31 - 500).ToArray();
        index.Add(ids, vectors);
        index.Remove(ids.Where((_, i) => i % 3 == 0).ToArray());
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, index);

        var back = Assert.IsType<FlatIndex>(VectorIndexFile.Read(path));

        Assert.Equal(metric, back.Metric);
        Assert.Equal(d, back.Dimension);
        Assert.Equal(index.Ids, back.Ids);
        var a = new float[d];
        var b = new float[d];
        foreach (long id in index.Ids)
        {
            index.TryGetVector(id, a);
            back.TryGetVector(id, b);
            Assert.Equal(a, b); // bit for bit: under cosine the stored unit vectors are not normalised again
        }
        float[] queries = BruteForce.Random(20, d, 3);
        var before = index.Search(queries, 5);
        var after = back.Search(queries, 5);
        Assert.Equal(before.Ids, after.Ids);
        Assert.Equal(before.Scores, after.Scores);
    }

    [Fact]
    public void Write_ProducesTheDocumentedLayout()
    {
        // Expected values follow the version 1 table in VectorIndexFile's remarks: 2 vectors of dimension 3, ip.
        var index = new FlatIndex(3, Metric.InnerProduct);
        index.Add([7, -2], [1, 2, 3, 4, 5, 6]);
        string path = _folder.File("layout.eki");
        VectorIndexFile.Write(path, index);
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> b = bytes;

        Assert.Equal("EKVINDEX"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b[8..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(b[12..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b[16..])); // ip
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(b[20..]));
        Assert.Equal(2L, BinaryPrimitives.ReadInt64LittleEndian(b[24..]));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(b[32..]));
        Assert.Equal("Flat"u8.ToArray(), bytes[36..40]);
        Assert.Equal(new byte[64 - 4 + 4], bytes[40..104]); // kind padding and reserved
        // ids end at 128 + 16 = 144, padded to 192; 6 floats end at 216.
        Assert.Equal(216, bytes.Length);
        Assert.Equal(88L, BinaryPrimitives.ReadInt64LittleEndian(b[104..]));
        Assert.Equal(XxHash3.HashToUInt64(b[128..]), BinaryPrimitives.ReadUInt64LittleEndian(b[112..]));
        Assert.Equal(XxHash3.HashToUInt64(b[..120]), BinaryPrimitives.ReadUInt64LittleEndian(b[120..]));
        Assert.Equal(7L, BinaryPrimitives.ReadInt64LittleEndian(b[128..]));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(b[136..]));
        Assert.Equal(new byte[48], bytes[144..192]);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(b[192..]));
        Assert.Equal(6f, BinaryPrimitives.ReadSingleLittleEndian(b[212..]));
    }

    [Fact]
    public void Read_Loads_StoredVersion1File()
    {
        // TestData/search/v1-flat-small.eki was written once by VectorIndexFile.Write (version 1) from
        // V1FlatSmall.Build() and committed; it must keep loading in every later version.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "search", "v1-flat-small.eki");

        var header = VectorIndexFile.ReadHeader(path);
        var index = Assert.IsType<FlatIndex>(VectorIndexFile.Read(path));

        Assert.Equal(1u, header.Version);
        Assert.Equal("Flat", header.Kind);
        Assert.Equal(Metric.L2, index.Metric);
        Assert.Equal(V1FlatSmall.Dimension, index.Dimension);
        Assert.Equal(V1FlatSmall.StoredIds, index.Ids);
        var vector = new float[V1FlatSmall.Dimension];
        foreach (long id in V1FlatSmall.StoredIds)
        {
            Assert.True(index.TryGetVector(id, vector));
            Assert.Equal(V1FlatSmall.VectorOf(id).Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
        }
        Assert.False(index.Contains(V1FlatSmall.Removed));
        Assert.Equal(5L, index.Search([-1, -2, -3], 1).Ids[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Read_Rejects_TruncatedFile(int cut)
    {
        string path = WriteSample();
        long length = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(length - cut);

        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"truncated: header says {length - 128} bytes after the 128-byte header", e.Message);
        Assert.Contains($"file has {length - cut}", e.Message);
    }

    [Fact]
    public void Read_Rejects_FileShorterThanHeader()
    {
        string path = WriteSample();
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(50);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("truncated: an index header needs 128 bytes, file has 50", e.Message);
    }

    [Fact]
    public void Read_Rejects_TrailingBytes()
    {
        string path = WriteSample();
        using (var f = new FileStream(path, FileMode.Append)) f.WriteByte(0);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("unexpected trailing bytes", e.Message);
    }

    [Theory]
    [InlineData(130)] // inside the ids
    [InlineData(-1)] // the last byte of the vectors
    public void Read_Rejects_FlippedPayloadByte(int offset)
    {
        string path = WriteSample();
        FlipByte(path, offset >= 0 ? offset : new FileInfo(path).Length - 1);

        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.StartsWith($"{path}: checksum mismatch in payload: file is corrupted", e.Message);
        VectorIndexFile.Read(path, verifyChecksum: false); // asked not to verify: loads
    }

    [Fact]
    public void Read_Rejects_FlippedHeaderByte()
    {
        string path = WriteSample();
        FlipByte(path, 20); // dimension
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("checksum mismatch in header", e.Message);
    }

    [Fact]
    public void Read_Rejects_UnknownVersion()
    {
        string path = WriteSample();
        RewriteHeader(path, h => BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 2));
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("unsupported index file version: expected 1, found 2", e.Message);
        Assert.Equal("version", e.Field);
    }

    [Fact]
    public void Read_Rejects_UnknownKind_WithValidChecksums()
    {
        string path = WriteSample();
        RewriteHeader(path, h =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[32..], 6);
            Encoding.ASCII.GetBytes("Graph1", h[36..]);
        });
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("unsupported index kind 'Graph1': this version of Embedkit reads Flat, HNSW<M>", e.Message);
        Assert.Equal("kind", e.Field);
    }

    [Fact]
    public void Read_Rejects_UnknownMetric_WithValidChecksums()
    {
        string path = WriteSample();
        RewriteHeader(path, h => BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 9));
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("metric: expected 0 (l2), 1 (ip) or 2 (cosine), found 9", e.Message);
    }

    [Fact]
    public void Read_Rejects_RepeatedId_WithValidChecksums()
    {
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        bytes.AsSpan(128, 8).CopyTo(bytes.AsSpan(136)); // vector 1 gets vector 0's id
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(112), XxHash3.HashToUInt64(bytes.AsSpan(128)));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(120), XxHash3.HashToUInt64(bytes.AsSpan(0, 120)));
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("vector 1 has id", e.Message);
        Assert.Contains("which an earlier vector has", e.Message);
    }

    [Fact]
    public void Read_Rejects_WrongMagic_AndEmbeddingFiles()
    {
        string ekv = _folder.File("set.ekv");
        Embedkit.IO.EmbeddingFile.Write(ekv, TestSets.Make(3, 2));
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(ekv));
        Assert.Contains("not an index file: expected the magic \"EKVINDEX\", found \"EKVEMB\\x00\\x00\"", e.Message);

        string empty = _folder.File("empty.eki");
        File.WriteAllBytes(empty, []);
        Assert.Contains("found an empty file", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(empty)).Message);
    }

    [Fact]
    public void Read_Rejects_MissingFile()
    {
        string path = _folder.File("missing.eki");
        Assert.Contains(path, Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
    }

    [Fact]
    public void Write_ReplacesExistingFile_AndLeavesNoTemporaryFile()
    {
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, V1FlatSmall.Build());
        VectorIndexFile.Write(path, new FlatIndex(2));
        Assert.Equal(0, VectorIndexFile.Read(path).Count);
        Assert.Equal(["x.eki"], _folder.FileNames());
    }

    private string WriteSample()
    {
        string path = _folder.File("sample.eki");
        var index = new FlatIndex(4, Metric.Cosine);
        index.Add(Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), BruteForce.Random(20, 4, 6));
        VectorIndexFile.Write(path, index);
        return path;
    }

    /// <summary>Changes header fields and recomputes the header checksum, so that only the field check can refuse the file.</summary>
    private static void RewriteHeader(string path, SpanAction edit)
    {
        byte[] bytes = File.ReadAllBytes(path);
        edit(bytes.AsSpan(0, 128));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(120), XxHash3.HashToUInt64(bytes.AsSpan(0, 120)));
        File.WriteAllBytes(path, bytes);
    }

    private delegate void SpanAction(Span<byte> header);

    private static void FlipByte(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        int b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x01));
    }
}
