using System.Numerics.Tensors;
using System.Text.Json;
using Embedkit.IO;
using Embedkit.Tests.IO;
using Embedkit.Tests.Text;
using Embedkit.Text;

namespace Embedkit.Tests.Cli;

public sealed class TextCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void EmbedText_IndexBuild_SearchText_FindsTheDocumentByItsTitle()
    {
        // 20 real SciFact documents (TestData/text/scifact-20.jsonl, texts cut at 600 characters).
        string corpus = TextModelFixture.Data("scifact-20.jsonl");
        string vectors = _folder.File("sf.ekv"), index = _folder.File("sf.eki");
        var embed = CliRunner.Run("embed", "text", corpus, "-o", vectors, "--model", "minilm");
        Assert.True(embed.ExitCode == 0, embed.Stderr);

        var set = EmbeddingFile.Read(vectors);
        string[] lines = File.ReadAllLines(corpus);
        Assert.Equal(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("_id").GetString()), set.Ids);
        Assert.Equal("text", set.Provenance.Method);
        Assert.Equal("minilm", set.Provenance["model"]);
        Assert.Equal("mean", set.Provenance["pooling"]);
        Assert.Equal("true", set.Provenance["normalize"]);
        Assert.Equal("0", set.Provenance["truncated"]);
        // Row 0 is the library's vector of BEIR's title + " " + text for the first document.
        var first = JsonDocument.Parse(lines[0]).RootElement;
        string title = first.GetProperty("title").GetString()!;
        float[] expected = TextModelFixture.Encode(TextModelFixture.MiniLM, [title + " " + first.GetProperty("text").GetString()]);
        for (int i = 0; i < 384; i++) Assert.True(Math.Abs(expected[i] - set.Row(0)[i]) < 1e-5);

        var build = CliRunner.Run("index", "build", vectors, "-o", index, "--metric", "cosine");
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.True(File.Exists(index + ".text-model.json"));
        var search = CliRunner.Run("search", index, "--text", title, "-k", "3", "--json");
        Assert.True(search.ExitCode == 0, search.Stderr);
        var results = JsonDocument.Parse(search.Stdout).RootElement.GetProperty("queries")[0].GetProperty("results");
        Assert.Equal(set.Ids[0], results[0].GetProperty("id").GetString());
        // Its score is the cosine of the query vector (MiniLM has no query prefix) with row 0.
        float[] query = TextModelFixture.Encode(TextModelFixture.MiniLM, [title], TextRole.Query);
        Assert.Equal(TensorPrimitives.Dot(query, set.Row(0)), results[0].GetProperty("score").GetSingle(), 4);
    }

    [Fact]
    public void EmbedText_PlainText_ToNpy_UsesLineNumbers_AndCountsTruncation()
    {
        // Line 2 holds 300 words, more than MiniLM's 256-token window; line 3 is empty and still gets a vector.
        string corpus = _folder.File("docs.txt");
        File.WriteAllText(corpus, "short one\n" + string.Join(' ', Enumerable.Repeat("word", 300)) + "\n\nlast\n");
        string output = _folder.File("docs.npy");
        var run = CliRunner.Run("embed", "text", corpus, "-o", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("1 of 4 documents were longer", run.Stderr);
        var set = EmbeddingFormats.Read(output);
        Assert.Equal(["1", "2", "3", "4"], set.Ids);
        Assert.All(set.Array, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void EmbedText_BadLine_FailsWithFileAndLine_AndWritesNothing()
    {
        string corpus = _folder.File("bad.jsonl");
        File.WriteAllText(corpus, "{\"_id\":\"1\",\"text\":\"fine\"}\n{\"_id\":\"2\",\"body\":\"no text\"}\n");
        string output = _folder.File("out.ekv");
        var run = CliRunner.Run("embed", "text", corpus, "-o", output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{corpus}:2: missing field text", run.Stderr);
        Assert.Equal(["bad.jsonl"], _folder.FileNames()); // no output, no temporary file
    }

    [Fact]
    public void SearchText_OnAnIndexOfOtherVectors_IsAClearError()
    {
        string vectors = _folder.File("v.tsv"), index = _folder.File("v.eki");
        File.WriteAllText(vectors, "a\t1\t0\nb\t0\t1\n");
        Assert.Equal(0, CliRunner.Run("index", "build", vectors, "-o", index).ExitCode);
        var run = CliRunner.Run("search", index, "--text", "hello");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not built from text embeddings", run.Stderr);
    }
}
