using Embedkit.Tests.IO;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

public sealed class TextCorpusTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, string content)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Read_Jsonl_JoinsTitleAndText_AsBeirDoes()
    {
        // BEIR / sentence-transformers: (title + " " + text).strip(); blank lines are skipped; a number id is kept as written.
        string path = Write("c.jsonl", "{\"_id\":\"a\",\"title\":\"Rain\",\"text\":\"falls.\"}\n\n{\"_id\":7,\"title\":\"\",\"text\":\" only text \"}\n{\"_id\":\"c\",\"text\":\"no title\"}\n");
        var docs = TextCorpus.Read(path).ToList();
        Assert.Equal([new TextDocument("a", "Rain falls.", 1), new TextDocument("7", "only text", 3), new TextDocument("c", "no title", 4)], docs);
    }

    [Fact]
    public void Read_Jsonl_OtherField_TakesThatFieldAlone()
    {
        string path = Write("c.jsonl", "{\"_id\":\"a\",\"title\":\"T\",\"abstract\":\"body\"}\n");
        Assert.Equal("body", Assert.Single(TextCorpus.Read(path, "abstract")).Text);
    }

    [Fact]
    public void Read_PlainText_UsesLineNumbers_AndKeepsEmptyLines()
    {
        string path = Write("c.txt", "first\n\n  \nlast");
        var docs = TextCorpus.Read(path).ToList();
        Assert.Equal(["1", "2", "3", "4"], docs.Select(d => d.Id));
        Assert.Equal(["first", "", "  ", "last"], docs.Select(d => d.Text));
        Assert.Equal(4, TextCorpus.CountLines(path));
    }

    [Theory]
    [InlineData("{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\":\"b\",\"text\":\"y\"\n", 2, "not valid JSON", null)]
    [InlineData("{\"title\":\"t\",\"text\":\"x\"}\n", 1, "missing field _id", "_id")]
    [InlineData("{\"_id\":\"a\",\"title\":\"t\"}\n", 1, "missing field text", "text")]
    [InlineData("{\"_id\":\"a\",\"text\":5}\n", 1, "expected a string", "text")]
    [InlineData("[1,2]\n", 1, "expected a JSON object", null)]
    [InlineData("{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\":\"a\",\"text\":\"y\"}\n", 2, "duplicate document id 'a' (first on line 1)", "_id")]
    public void Read_BadJsonl_NamesFileLineAndField(string content, int line, string message, string? field)
    {
        string path = Write("bad.jsonl", content);
        var e = Assert.Throws<InvalidInputException>(() => TextCorpus.Read(path).ToList());
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"{path}:{line}: ", e.Message);
    }

    [Theory]
    [InlineData("empty.txt", "")]
    [InlineData("blank.jsonl", "\n  \n")]
    public void Read_EmptyCorpus_IsAnError(string name, string content)
    {
        string path = Write(name, content);
        var e = Assert.Throws<InvalidInputException>(() => TextCorpus.Read(path).ToList());
        Assert.Contains("no documents", e.Message);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Read_MissingFile_IsAnError()
    {
        var e = Assert.Throws<InvalidInputException>(() => TextCorpus.Read(_folder.File("none.jsonl")).ToList());
        Assert.Contains("file not found", e.Message);
    }
}
