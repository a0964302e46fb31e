using System.Text;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class Word2VecTextFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(1000, 17)]
    [InlineData(0, 3)]
    public void Write_Then_Read_PreservesIdsAndExactBits(int n, int d)
    {
        var set = TestSets.Make(n, d, TestSets.UnicodeId);
        string path = _folder.File("v.txt");
        Word2VecTextFormat.Write(path, set);

        var back = Word2VecTextFormat.Read(path);

        TestSets.AssertSameBits(set, back);
        Assert.Equal("imported", back.Provenance.Method);
        Assert.Equal(path, back.Provenance.Source);
    }

    [Fact]
    public void Write_Produces_GensimText()
    {
        // Hand-written expectation: gensim's "count dim" header, then "id v1 v2" with shortest round-trip floats.
        var set = new EmbeddingSet(["a", "日本"], 2, [0.1f, -0f, 1f, float.Epsilon], Provenance.Imported(null));
        string path = _folder.File("g.vec");
        Word2VecTextFormat.Write(path, set);

        Assert.Equal("2 2\na 0.1 -0\n日本 1 1E-45\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Read_Accepts_TrailingSpacesCrLfAndTrailingBlankLines()
    {
        // fastText .vec files end each row with a space; Windows tools write CRLF.
        string path = Write("t.vec", "2 3\r\nx 1 2 3 \r\ny\t4  5 6\r\n\r\n");

        var set = Word2VecTextFormat.Read(path);

        Assert.Equal(["x", "y"], set.Ids);
        Assert.Equal([1f, 2, 3, 4, 5, 6], set.Data.ToArray());
    }

    [Fact]
    public void Read_Rejects_HeaderCountLargerThanRows()
    {
        string path = Write("c.txt", "3 2\na 1 2\nb 3 4\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Equal($"{path}:4: header says 3 rows, found only 2", e.Message);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void Read_Rejects_HeaderCountSmallerThanRows()
    {
        string path = Write("c.txt", "1 2\na 1 2\nb 3 4\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.StartsWith($"{path}:3: expected 1 rows as the header says, found another line", e.Message);
    }

    [Fact]
    public void Read_Rejects_ShortRow()
    {
        string path = Write("s.txt", "2 3\na 1 2 3\nb 4 5\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Equal($"{path}:3: row 'b': expected 3 values as the header says, found 2", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Read_Rejects_LongRow()
    {
        string path = Write("l.txt", "1 2\na 1 2 3\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Contains(":2: row 'a': expected 2 values as the header says, found 3", e.Message);
    }

    [Fact]
    public void Read_Rejects_NonNumericValue()
    {
        string path = Write("n.txt", "2 2\na 1 2\nb 3 x4\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Equal($"{path}:3: value 2: expected a number, found 'x4'", e.Message);
        Assert.Equal("value 2", e.Field);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e39")]
    public void Read_Rejects_NonFiniteValue(string value)
    {
        string path = Write("f.txt", $"1 2\na 1 {value}\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Contains(":2: value 2:", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3\n")]
    [InlineData("three 2\n")]
    [InlineData("1 0\na\n")]
    [InlineData("1 2 3\n")]
    public void Read_Rejects_BadHeader(string text)
    {
        string path = Write("h.txt", text);

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Equal(1, e.Line);
        Assert.Contains("'count dimension'", e.Message);
    }

    [Fact]
    public void Read_Rejects_HeaderPromisingMoreThanTheFileCanHold()
    {
        string path = Write("big.txt", "100000000 3\na 1\n");

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Contains("header says 100000000 rows × 3 values", e.Message);
    }

    [Fact]
    public void Read_Rejects_InvalidUtf8WithLine()
    {
        string path = _folder.File("u.txt");
        File.WriteAllBytes(path, [.. "1 1\n"u8, 0xff, 0xfe, .. " 1\n"u8]);

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Read(path));
        Assert.Equal(2, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("tab\there")]
    [InlineData("")]
    public void Write_Rejects_IdsWithWhitespace_NamingTheId(string id)
    {
        string path = _folder.File("w.txt");
        var set = new EmbeddingSet(["ok", id], 1, [1, 2], Provenance.Imported(null));

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Write(path, set));
        Assert.Contains("row 1", e.Message);
        if (id.Length > 0) Assert.Contains(IdShown(id), e.Message);
        Assert.Empty(_folder.FileNames());
    }

    [Fact]
    public void Write_Rejects_NaN_AndLeavesNoFile()
    {
        string path = _folder.File("nan.txt");
        var set = new EmbeddingSet(["a", "b"], 2, [1, 2, 3, float.NaN], Provenance.Imported(null));

        var e = Assert.Throws<InvalidInputException>(() => Word2VecTextFormat.Write(path, set));
        Assert.Contains("row 'b', value 2", e.Message);
        Assert.Empty(_folder.FileNames());
    }

    [Fact]
    public void Write_Then_Read_Gzip()
    {
        var set = TestSets.Make(50, 7, TestSets.UnicodeId);
        string path = _folder.File("v.txt.gz");
        Word2VecTextFormat.Write(path, set);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x1f, 0x8b], bytes[..2]); // gzip magic
        TestSets.AssertSameBits(set, Word2VecTextFormat.Read(path));
    }

    private static string IdShown(string id) => id.Replace("\t", "\\t");

    private string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        return path;
    }
}
