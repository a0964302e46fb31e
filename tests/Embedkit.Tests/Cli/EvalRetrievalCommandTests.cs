using System.Text.Json;

namespace Embedkit.Tests.Cli;

public class EvalRetrievalCommandTests
{
    private static readonly string Mini = Path.Combine(AppContext.BaseDirectory, "TestData", "beir", "scifact-mini");

    [Fact]
    public void Bm25_Json_HasTheIssueShape_AndThePythonReferenceMetrics()
    {
        // Metrics: bench/peers/bm25_reference.py on scifact-mini (see Bm25IndexTests), rounded to 6 digits as printed.
        var r = CliRunner.Run("eval", "retrieval", "--beir", Mini, "--method", "bm25", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal("retrieval", root.GetProperty("task").GetString());
        Assert.Equal("scifact-mini", root.GetProperty("dataset").GetString());
        Assert.Equal("bm25", root.GetProperty("method").GetString());
        Assert.Equal(0.670637, root.GetProperty("ndcg@10").GetDouble());
        Assert.Equal(0.975, root.GetProperty("recall@100").GetDouble());
        Assert.Equal(0.638333, root.GetProperty("mrr@10").GetDouble());
        Assert.Equal(0.629646, root.GetProperty("map@100").GetDouble());
        Assert.Equal(40, root.GetProperty("queries").GetInt32());
        Assert.Equal(5, root.GetProperty("queries_without_qrels").GetInt32());
        Assert.Contains("5 queries of queries.jsonl have no qrels", r.Stderr);
    }

    [Fact]
    public void Bm25_Table_AndTrecRunFile()
    {
        string run = Path.Combine(Path.GetTempPath(), $"ek-{Guid.NewGuid():N}.run");
        try
        {
            var r = CliRunner.Run("eval", "retrieval", "--beir", Mini, "--k1", "0.9", "--b", "0.4", "-k", "100", "--run", run);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("nDCG@10      0.6706", r.Stdout);
            string[] lines = File.ReadAllLines(run);
            // bench/peers/bm25_reference.py counts 3,875 retrieved (query, document) pairs at depth 100 on scifact-mini
            // (some queries share a term with fewer than 100 of the 357 documents).
            Assert.Equal(3875, lines.Length);
            Assert.Equal(40, lines.Select(l => l.Split(' ')[0]).Distinct().Count());
            Assert.Matches(@"^\S+ Q0 \S+ 1 [0-9.E-]+ embedkit-bm25$", lines[0]);
        }
        finally { File.Delete(run); }
    }

    [Fact]
    public void Help_ListsTheOptions_AndAnExample()
    {
        var r = CliRunner.Run("eval", "retrieval", "--help");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (string option in new[] { "--beir", "--method", "--split", "--top", "--k1", "-b", "--length-norm", "--fusion", "--rrf-k", "--fusion-weight", "--run", "--json" })
            Assert.Contains(option, r.Stdout);
        Assert.Contains("embedkit eval retrieval --beir scifact", r.Stdout);
        r = CliRunner.Run("eval", "sts", "--help");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("--model", r.Stdout);
    }

    [Theory]
    [InlineData("--method", "sparse", "expected one of bm25, dense, hybrid")]
    [InlineData("--top", "50", "at least 100")]
    [InlineData("--b", "2", "--b")]
    [InlineData("--split", "dev", "splits present: test")]
    public void BadOptions_ExitWithCode1_NamingTheOption(string option, string value, string message)
    {
        var r = CliRunner.Run("eval", "retrieval", "--beir", Mini, option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void Dense_WithAnUnknownModel_ExitsWithCode1_NamingTheOption_BeforeReadingTheData()
    {
        var r = CliRunner.Run("eval", "retrieval", "--beir", "no-such-folder", "--method", "dense", "--model", "no-such-model");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--model: expected minilm, arctic-xs or a model folder", r.Stderr);
    }

    [Theory]
    // Gold scores against MiniLM's published cosines for the three pairs of sentence-transformers' usage example
    // (weather–sunny 0.6660, weather–stadium 0.1046, sunny–stadium 0.1411; see OnnxTextEncoderTests), so the
    // cosine ranks are (3, 1, 2). Gold (3, 1, 2) ranks the same: Spearman 1. Gold (3, 2, 1): rank differences
    // (0, 1, 1), ρ = 1 − 6·2 / (3·(3² − 1)) = 0.5.
    [InlineData("3", "1", "2", 1.0)]
    [InlineData("3", "2", "1", 0.5)]
    public void Sts_WithMiniLM_ScoresTheSpearmanOfItsCosines(string weatherSunny, string weatherStadium, string sunnyStadium, double spearman)
    {
        string file = Path.Combine(Path.GetTempPath(), $"ek-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(file,
            $"The weather is lovely today.\tIt's so sunny outside!\t{weatherSunny}\n" +
            $"The weather is lovely today.\tHe drove to the stadium.\t{weatherStadium}\n" +
            $"It's so sunny outside!\tHe drove to the stadium.\t{sunnyStadium}\n");
        try
        {
            var r = CliRunner.Run("eval", "sts", file, "--model", "minilm", "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            Assert.Equal("sts", doc.RootElement.GetProperty("task").GetString());
            Assert.Equal(spearman, doc.RootElement.GetProperty("spearman").GetDouble(), 6);
            Assert.Equal(3, doc.RootElement.GetProperty("pairs").GetInt32());
        }
        finally { File.Delete(file); }
    }
}
