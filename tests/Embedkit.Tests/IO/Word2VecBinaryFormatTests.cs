using System.Text;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class Word2VecBinaryFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(1000, 17)]
    [InlineData(0, 2)]
    public void Write_Then_Read_PreservesIdsAndExactBits(int n, int d)
    {
        var set = TestSets.Make(n, d, TestSets.UnicodeId);
        string path = _folder.File("v.bin");
        Word2VecBinaryFormat.Write(path, set);

        TestSets.AssertSameBits(set, Word2VecBinaryFormat.Read(path));
    }

    [Fact]
    public void Write_Then_Read_KeepsNaNBitsAndTabsInIds()
    {
        float nan = BitConverter.Int32BitsToSingle(0x7fc12345);
        var set = new EmbeddingSet(["tab\tid", "∞"], 2, [nan, float.PositiveInfinity, float.NegativeInfinity, -0f], Provenance.Imported(null));
        string path = _folder.File("nan.bin");
        Word2VecBinaryFormat.Write(path, set);

        TestSets.AssertSameBits(set, Word2VecBinaryFormat.Read(path));
    }

    [Fact]
    public void Write_Produces_GensimBytes()
    {
        // Hand-computed: header "2 2\n"; then per row id, ' ', 2 little-endian float32, '\n' (gensim's
        // save_word2vec_format(binary=True)). 1.0f = 0x3f800000, -2.0f = 0xc0000000, 0.5f = 0x3f000000.
        var set = new EmbeddingSet(["a", "é"], 2, [1f, -2f, 0.5f, 0f], Provenance.Imported(null));
        string path = _folder.File("g.bin");
        Word2VecBinaryFormat.Write(path, set);

        byte[] expected =
        [
            (byte)'2', (byte)' ', (byte)'2', (byte)'\n',
            (byte)'a', (byte)' ', 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, (byte)'\n',
            0xc3, 0xa9, (byte)' ', 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x00, 0x00, (byte)'\n',
        ];
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Read_Accepts_RowsWithoutTrailingNewline()
    {
        // The original word2vec C tool's layout without the newline after each vector.
        string path = _folder.File("c.bin");
        File.WriteAllBytes(path, [.. "2 1\n"u8, (byte)'x', (byte)' ', 0, 0, 0x80, 0x3f, (byte)'y', (byte)' ', 0, 0, 0, 0x40]);

        var set = Word2VecBinaryFormat.Read(path);

        Assert.Equal(["x", "y"], set.Ids);
        Assert.Equal([1f, 2f], set.Data.ToArray());
    }

    [Fact]
    public void Read_Rejects_TruncatedVector()
    {
        string path = _folder.File("t.bin");
        Word2VecBinaryFormat.Write(path, TestSets.Make(3, 4));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        var e = Assert.Throws<InvalidInputException>(() => Word2VecBinaryFormat.Read(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_Rejects_MissingRows()
    {
        string path = _folder.File("m.bin");
        File.WriteAllBytes(path, [.. "3 1\n"u8, (byte)'x', (byte)' ', 0, 0, 0x80, 0x3f, (byte)'\n', (byte)'y', (byte)' ', 0, 0, 0x80, 0x3f, (byte)'\n',
            .. new byte[] { (byte)'z', (byte)'z', (byte)'z', (byte)'z', (byte)'z' }]);

        var e = Assert.Throws<InvalidInputException>(() => Word2VecBinaryFormat.Read(path));
        Assert.Contains("header says 3 rows, the file ends inside row 2", e.Message);
    }

    [Fact]
    public void Read_Rejects_ExtraRows()
    {
        string path = _folder.File("x.bin");
        File.WriteAllBytes(path, [.. "1 1\n"u8, (byte)'x', (byte)' ', 0, 0, 0x80, 0x3f, (byte)'\n', (byte)'y', (byte)' ', 0, 0, 0x80, 0x3f, (byte)'\n']);

        var e = Assert.Throws<InvalidInputException>(() => Word2VecBinaryFormat.Read(path));
        Assert.Contains("expected the file to end after 1 rows as the header says, found more data at byte 11", e.Message);
    }

    [Fact]
    public void Read_Rejects_BadHeader()
    {
        string path = _folder.File("h.bin");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("abc def\n"));

        var e = Assert.Throws<InvalidInputException>(() => Word2VecBinaryFormat.Read(path));
        Assert.Contains("expected a header line 'count dimension'", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("new\nline")]
    public void Write_Rejects_IdsWithSpaceOrNewline(string id)
    {
        string path = _folder.File("w.bin");
        var set = new EmbeddingSet([id], 1, [1], Provenance.Imported(null));

        var e = Assert.Throws<InvalidInputException>(() => Word2VecBinaryFormat.Write(path, set));
        Assert.Contains("row 0", e.Message);
        Assert.Empty(_folder.FileNames());
    }

    [Fact]
    public void Write_Then_Read_Gzip()
    {
        var set = TestSets.Make(40, 9, TestSets.UnicodeId);
        string path = _folder.File("v.bin.gz");
        Word2VecBinaryFormat.Write(path, set);

        TestSets.AssertSameBits(set, Word2VecBinaryFormat.Read(path));
    }
}
