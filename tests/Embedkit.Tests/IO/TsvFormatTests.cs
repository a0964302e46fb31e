using System.Text;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class TsvFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(1000, 17)]
    public void Write_Then_Read_PreservesSpacedUnicodeIdsAndExactBits(int n, int d)
    {
        var set = TestSets.Make(n, d, TestSets.SpacedUnicodeId);
        string path = _folder.File("v.tsv");
        TsvFormat.Write(path, set);

        var back = TsvFormat.Read(path);

        TestSets.AssertSameBits(set, back);
        Assert.Equal("imported", back.Provenance.Method);
    }

    [Fact]
    public void Write_Produces_TabSeparatedLines()
    {
        var set = new EmbeddingSet(["a b", ""], 2, [0.5f, -1f, 1e10f, 3f], Provenance.Imported(null));
        string path = _folder.File("t.tsv");
        TsvFormat.Write(path, set);

        Assert.Equal("a b\t0.5\t-1\n\t1E+10\t3\n", File.ReadAllText(path));
    }

    [Fact]
    public void Read_Rejects_InconsistentDimension()
    {
        string path = Write("d.tsv", "a\t1\t2\nb\t3\n");

        var e = Assert.Throws<InvalidInputException>(() => TsvFormat.Read(path));
        Assert.Equal($"{path}:2: expected 2 values (as on the first row), found 1", e.Message);
    }

    [Fact]
    public void Read_Rejects_NonNumericValue()
    {
        string path = Write("n.tsv", "a\t1\t2\nb\t3\tfour\n");

        var e = Assert.Throws<InvalidInputException>(() => TsvFormat.Read(path));
        Assert.Equal($"{path}:2: value 2: expected a number, found 'four'", e.Message);
    }

    [Fact]
    public void Read_Rejects_LineWithoutTab()
    {
        string path = Write("t.tsv", "a 1 2\n");

        var e = Assert.Throws<InvalidInputException>(() => TsvFormat.Read(path));
        Assert.Contains(":1: expected 'id<TAB>v1<TAB>…', found no tab", e.Message);
    }

    [Fact]
    public void Read_Rejects_BlankLineBetweenRows()
    {
        string path = Write("b.tsv", "a\t1\n\nb\t2\n");

        var e = Assert.Throws<InvalidInputException>(() => TsvFormat.Read(path));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Read_Rejects_EmptyFile()
    {
        string path = Write("e.tsv", "");

        var e = Assert.Throws<InvalidInputException>(() => TsvFormat.Read(path));
        Assert.Contains("found none", e.Message);
    }

    [Fact]
    public void Read_Accepts_CrLfAndTrailingBlankLines()
    {
        string path = Write("c.tsv", "a\t1\t2\r\nb\t3\t4\r\n\r\n");

        var set = TsvFormat.Read(path);

        Assert.Equal(["a", "b"], set.Ids);
        Assert.Equal([1f, 2, 3, 4], set.Data.ToArray());
    }

    [Theory]
    [InlineData("tab\tid")]
    [InlineData("line\nid")]
    [InlineData("cr\rid")]
    public void Write_Rejects_IdsWithTabOrLineBreak(string id)
    {
        string path = _folder.File("w.tsv");
        var set = new EmbeddingSet([id], 1, [1], Provenance.Imported(null));

        var e = Assert.Throws<InvalidInputException>(() => TsvFormat.Write(path, set));
        Assert.Contains("row 0", e.Message);
        Assert.Empty(_folder.FileNames());
    }

    private string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        return path;
    }
}
