using System.Text.Json;

namespace Embedkit.Tests.Cli;

/// <summary>Bad input a fresh-user review found before these fixes: each must be a clear exit-1 error, or a correct result.</summary>
public sealed class BreakerRegressionTests : IDisposable
{
    private static readonly string Mini = Path.Combine(AppContext.BaseDirectory, "TestData", "beir", "scifact-mini");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ek-breaker-{Guid.NewGuid():N}");

    public BreakerRegressionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertBadInput(CliRunner.Result r, params string[] fragments)
    {
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("   at ", r.Stderr);
        foreach (string f in fragments) Assert.Contains(f, r.Stderr);
    }

    [Fact]
    public void EmbedText_RefusesUnpairedSurrogates_AndInvalidUtf8_NamingFileAndLine()
    {
        string surrogate = Path.Combine(_folder, "s.jsonl"), latin1 = Path.Combine(_folder, "l.txt");
        File.WriteAllText(surrogate, "{\"_id\":\"a\",\"text\":\"fine\"}\n{\"_id\":\"b\",\"text\":\"x \\ud800 y\"}\n");
        File.WriteAllBytes(latin1, [(byte)'o', (byte)'k', (byte)'\n', (byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n']);
        AssertBadInput(CliRunner.Run("embed", "text", surrogate, "-o", Path.Combine(_folder, "s.ekv")), "s.jsonl:2", "unpaired surrogate");
        AssertBadInput(CliRunner.Run("embed", "text", latin1, "-o", Path.Combine(_folder, "l.ekv")), "l.txt:", "expected UTF-8", "invalid bytes");
        Assert.False(File.Exists(Path.Combine(_folder, "s.ekv")));
        string fine = Path.Combine(_folder, "f.txt");
        File.WriteAllText(fine, "a b c\n");
        AssertBadInput(CliRunner.Run("embed", "text", fine, "-o", Path.Combine(_folder, "x.ekv"), "--batch-tokens", "2000000000"), "--batch-tokens", "1,048,576");
    }

    [Fact]
    public void EvalRetrieval_RefusesARunOntoTheDatasetsOwnFiles_AndLeavesThemIntact()
    {
        string copy = Path.Combine(_folder, "sf");
        Directory.CreateDirectory(Path.Combine(copy, "qrels"));
        foreach (string f in new[] { "corpus.jsonl", "queries.jsonl", Path.Combine("qrels", "test.tsv") })
            File.Copy(Path.Combine(Mini, f), Path.Combine(copy, f));
        byte[] corpus = File.ReadAllBytes(Path.Combine(copy, "corpus.jsonl"));
        AssertBadInput(CliRunner.Run("eval", "retrieval", "--beir", copy, "--run", Path.Combine(copy, "corpus.jsonl")), "--run", "destroy the input");
        AssertBadInput(CliRunner.Run("eval", "retrieval", "--beir", copy, "--run", Path.Combine(copy, "qrels", "test.tsv")), "--run");
        Assert.Equal(corpus, File.ReadAllBytes(Path.Combine(copy, "corpus.jsonl")));
    }

    [Fact]
    public void EvalRetrieval_LeavesQrelsOfUnknownQueriesOutOfTheMeans()
    {
        // The subset's BM25 figures (40 queries, nDCG@10 0.670637: see DenseRetrievalRegressionTests) must not move
        // when the qrels also judge a query that queries.jsonl lacks: it is reported and not evaluated.
        string copy = Path.Combine(_folder, "sf");
        Directory.CreateDirectory(Path.Combine(copy, "qrels"));
        foreach (string f in new[] { "corpus.jsonl", "queries.jsonl", Path.Combine("qrels", "test.tsv") })
            File.Copy(Path.Combine(Mini, f), Path.Combine(copy, f));
        File.AppendAllText(Path.Combine(copy, "qrels", "test.tsv"), "no-such-query\t31715818\t1\n");
        var r = CliRunner.Run("eval", "retrieval", "--beir", copy, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(40, doc.RootElement.GetProperty("queries").GetInt32());
        Assert.Equal(0.670637, doc.RootElement.GetProperty("ndcg@10").GetDouble(), 6);
        Assert.Contains("no-such-query", r.Stderr);
    }

    [Fact]
    public void BenchAnn_RefusesKLargerThanTheBase()
    {
        string data = Path.Combine(_folder, "v.tsv");
        File.WriteAllLines(data, ["a\t1\t0", "b\t0\t1", "c\t1\t1"]);
        AssertBadInput(CliRunner.Run("bench", "ann", "--base", data, "--queries", data, "--spec", "Flat", "-k", "5"), "-k", "at least 5 base vectors");
    }
}
