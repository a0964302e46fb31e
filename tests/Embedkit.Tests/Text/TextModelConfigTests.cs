using Embedkit.Tests.IO;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

public sealed class TextModelConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_ReadsEveryKey_AndDefaultsTheRest()
    {
        string path = _folder.File("embedkit-model.json");
        File.WriteAllText(path, "{ \"name\": \"e5\", \"pooling\": \"cls\", \"max_tokens\": 128, \"normalize\": false, \"query_prefix\": \"query: \" }");
        var config = TextModelConfig.Load(path);
        Assert.Equal(new TextModelConfig { Name = "e5", Pooling = PoolingMode.Cls, MaxTokens = 128, Normalize = false, QueryPrefix = "query: " }, config);
        Assert.Equal("query: ", config.Prefix(TextRole.Query));
        Assert.Equal("", config.Prefix(TextRole.Document));
        Assert.True(config.LowerCase);
    }

    [Theory]
    [InlineData("{ \"pooling\": \"avg\" }", "pooling", "expected mean, cls, last or max")]
    [InlineData("{ \"max_tokens\": \"512\" }", "max_tokens", "expected an integer")]
    [InlineData("{ \"max_tokens\": 2 }", "max_tokens", "from 3 to 65536")]
    [InlineData("{ \"normalise\": true }", "normalise", "unknown key 'normalise'")]
    [InlineData("{ \"normalize\": \"yes\" }", "normalize", "expected true or false")]
    public void Load_RejectsBadValues_NamingTheKey(string json, string field, string message)
    {
        string path = _folder.File("embedkit-model.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidInputException>(() => TextModelConfig.Load(path));
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_RejectsJsonThatDoesNotParse()
    {
        string path = _folder.File("embedkit-model.json");
        File.WriteAllText(path, "{ \"name\": ");
        Assert.Contains("not valid JSON", Assert.Throws<InvalidInputException>(() => TextModelConfig.Load(path)).Message);
    }
}
