using System.Text.Json;
using Embedkit.IO;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Cli;

/// <summary><c>index build</c>, <c>search</c> and <c>bench ann</c> as a user runs them.</summary>
public sealed class IndexCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void AssertBadInput(CliRunner.Result r, params string[] fragments)
    {
        Assert.Equal(1, r.ExitCode);
        string last = r.Stderr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("error: ", last);
        foreach (string f in fragments) Assert.Contains(f, last);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    /// <summary>Five 3-d vectors with string ids; by hand, the cosine neighbours of "b" = (1, 1, 0) are b, then a and c (cos 0.7071), then e.</summary>
    private string Embeddings()
    {
        string path = _folder.File("small.tsv");
        File.WriteAllText(path, "a\t1\t0\t0\nb\t1\t1\t0\nc\t0\t1\t0\nd\t0\t0\t1\ne\t1\t1\t1\n");
        return path;
    }

    private string Build(string metric = "cosine")
    {
        string index = _folder.File("small.eki");
        var r = CliRunner.Run("index", "build", Embeddings(), "-o", index, "--spec", "Flat", "--metric", metric);
        Assert.Equal(0, r.ExitCode);
        Assert.True(File.Exists(index + ".ids.txt"));
        return index;
    }

    [Fact]
    public void SearchById_FindsItselfFirst_ThenTheNeighboursWorkedOutByHand()
    {
        string index = Build();
        var r = CliRunner.Run("search", index, "--id", "b", "-k", "4", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("similarity", doc.RootElement.GetProperty("score").GetString());
        Assert.Equal("cosine", doc.RootElement.GetProperty("metric").GetString());
        Assert.Equal("Flat", doc.RootElement.GetProperty("spec").GetString());
        var results = doc.RootElement.GetProperty("queries")[0].GetProperty("results");
        Assert.Equal("b", results[0].GetProperty("id").GetString());
        Assert.Equal(1.0, results[0].GetProperty("score").GetDouble(), 5);
        // e = (1,1,1): cos(b, e) = 2 / (√2·√3) = 0.8165 beats a and c at 1/√2 = 0.7071.
        Assert.Equal("e", results[1].GetProperty("id").GetString());
        Assert.Equal(0.8165, results[1].GetProperty("score").GetDouble(), 4);
        Assert.Equal(0.7071, results[2].GetProperty("score").GetDouble(), 4);
    }

    [Fact]
    public void SearchByVector_UnderL2_ReportsSquaredDistances_AndKBeyondCountReturnsWhatExists()
    {
        string index = Build("l2");
        var r = CliRunner.Run("search", index, "--vector", "0,0,0.9", "-k", "10", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("distance", doc.RootElement.GetProperty("score").GetString());
        var results = doc.RootElement.GetProperty("queries")[0].GetProperty("results");
        Assert.Equal(5, results.GetArrayLength());
        Assert.Equal("d", results[0].GetProperty("id").GetString());
        Assert.Equal(0.01, results[0].GetProperty("score").GetDouble(), 5); // (0.9 − 1)²
    }

    [Fact]
    public void BenchAnn_OnAFlatIndex_HasPerfectRecall_AndTheDocumentedJson()
    {
        string data = Embeddings();
        string chart = _folder.File("recall.png");
        var r = CliRunner.Run("bench", "ann", "--base", data, "--queries", data, "--spec", "Flat", "--metric", "cosine", "-k", "2", "--json", "--chart", chart);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("Flat", doc.RootElement.GetProperty("spec").GetString());
        Assert.Equal("cosine", doc.RootElement.GetProperty("metric").GetString());
        Assert.True(doc.RootElement.GetProperty("build_seconds").GetDouble() >= 0);
        Assert.True(doc.RootElement.GetProperty("bytes_per_vector").GetDouble() >= 3 * 4);
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal(1.0, run.GetProperty("recall").GetDouble());
        Assert.True(run.GetProperty("qps").GetDouble() > 0);
        Assert.True(new FileInfo(chart).Length > 1000);
        Assert.Equal(1, doc.RootElement.GetProperty("repeats").GetInt32());
        AssertBadInput(CliRunner.Run("bench", "ann", "--base", data, "--queries", data, "--spec", "Flat", "--repeats", "0"), "--repeats", "positive");
    }

    [Fact]
    public void Hnsw_BuildSaveSearch_FindsEachVectorAsItself_AndBenchReportsEveryEf()
    {
        // 300 random 8-d vectors: an HNSW16 graph at ef = 64 must return each stored vector as its own
        // nearest neighbour (distance 0), the exact answer.
        var random = new Random(5);
        string data = _folder.File("random.tsv");
        File.WriteAllLines(data, Enumerable.Range(0, 300).Select(i =>
            "v" + i + "\t" + string.Join('\t', Enumerable.Range(0, 8).Select(_ => (random.NextDouble() * 2 - 1).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        string index = _folder.File("random.eki");
        // One build thread: the graph is then the same on every run (a parallel build may differ run to run).
        Assert.Equal(0, CliRunner.Run("index", "build", data, "-o", index, "--spec", "HNSW16", "--threads", "1").ExitCode);
        var r = CliRunner.Run("search", index, "--queries", data, "-k", "1", "--ef", "64", "--json");
        Assert.Equal(0, r.ExitCode);
        using (var doc = JsonDocument.Parse(r.Stdout))
            foreach (var query in doc.RootElement.GetProperty("queries").EnumerateArray())
                Assert.Equal(query.GetProperty("query").GetString(), query.GetProperty("results")[0].GetProperty("id").GetString());

        var bench = CliRunner.Run("bench", "ann", "--base", data, "--queries", data, "--spec", "HNSW16", "--search-params", "ef=8,64", "--json");
        Assert.Equal(0, bench.ExitCode);
        using var json = JsonDocument.Parse(bench.Stdout);
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(["ef=8", "ef=64"], runs.EnumerateArray().Select(x => x.GetProperty("params").GetString()!).ToArray());
        Assert.InRange(runs[1].GetProperty("recall").GetDouble(), 0.95, 1.0);
        AssertBadInput(CliRunner.Run("search", Build(), "--id", "a", "--ef", "64"), "ef applies to HNSW indexes", "Flat");
    }

    [Fact]
    public void CodecSpec_WithRefine_BuildsSavesAndSearches_AndSweepsOversample()
    {
        // Refine(Flat) re-ranks with the full vectors, so a stored vector still finds itself first with score 1
        // (cosine), and with oversample 16 on 5 vectors every candidate is re-ranked: recall 1.
        string index = _folder.File("bin.eki");
        Assert.Equal(0, CliRunner.Run("index", "build", Embeddings(), "-o", index, "--spec", "BIN2,Refine(Flat)", "--metric", "cosine").ExitCode);
        var r = CliRunner.Run("search", index, "--id", "d", "-k", "1", "--json");
        Assert.Equal(0, r.ExitCode);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            Assert.Equal("BIN2,Refine(Flat)", doc.RootElement.GetProperty("spec").GetString());
            Assert.Equal("d", doc.RootElement.GetProperty("queries")[0].GetProperty("results")[0].GetProperty("id").GetString());
        }
        var bench = CliRunner.Run("bench", "ann", "--base", Embeddings(), "--queries", Embeddings(), "--spec", "BIN2,Refine(Flat)", "--metric", "cosine",
            "-k", "2", "--search-params", "oversample=16", "--json");
        Assert.Equal(0, bench.ExitCode);
        using var json = JsonDocument.Parse(bench.Stdout);
        Assert.Equal(1.0, json.RootElement.GetProperty("runs")[0].GetProperty("recall").GetDouble());
        AssertBadInput(CliRunner.Run("index", "build", Embeddings(), "-o", _folder.File("y.eki"), "--spec", "HNSW32,Refine(Flat)"), "--spec", "Refine(…) follows a codec");
        AssertBadInput(CliRunner.Run("index", "build", Embeddings(), "-o", _folder.File("y.eki"), "--spec", "FOO"), "--spec", "Accepted:");
    }

    [Fact]
    public void HnswOverCodes_BuildsFromTheEmbeddings_SearchesWithEf_AndBenchSweepsEfThroughRefine()
    {
        // HNSW8,SQ8 trains its codec on the five embeddings; the file's spec is the factory string. Under cosine with
        // Refine(Flat) the scores are exact: "b" finds itself with score 1, then e at 2 / (√2·√3) = 0.8165 (by hand,
        // as in SearchById_FindsItselfFirst_ThenTheNeighboursWorkedOutByHand). ef=16 reaches all five nodes, so
        // recall is 1 at k = 2.
        string coded = _folder.File("hnsw-sq8.eki");
        Assert.Equal(0, CliRunner.Run("index", "build", Embeddings(), "-o", coded, "--spec", "HNSW8,SQ8", "--metric", "cosine").ExitCode);
        var r = CliRunner.Run("search", coded, "--id", "b", "-k", "1", "--ef", "16", "--json");
        Assert.Equal(0, r.ExitCode);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            Assert.Equal("HNSW8,SQ8", doc.RootElement.GetProperty("spec").GetString());
            Assert.Equal("b", doc.RootElement.GetProperty("queries")[0].GetProperty("results")[0].GetProperty("id").GetString());
        }
        string refined = _folder.File("hnsw-sq8-refine.eki");
        Assert.Equal(0, CliRunner.Run("index", "build", Embeddings(), "-o", refined, "--spec", "HNSW8,SQ8,Refine(Flat)", "--metric", "cosine").ExitCode);
        r = CliRunner.Run("search", refined, "--id", "b", "-k", "2", "--ef", "16", "--json");
        Assert.Equal(0, r.ExitCode);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            var results = doc.RootElement.GetProperty("queries")[0].GetProperty("results");
            Assert.Equal("b", results[0].GetProperty("id").GetString());
            Assert.Equal(1.0, results[0].GetProperty("score").GetDouble(), 5);
            Assert.Equal("e", results[1].GetProperty("id").GetString());
            Assert.Equal(0.8165, results[1].GetProperty("score").GetDouble(), 4);
        }
        var bench = CliRunner.Run("bench", "ann", "--base", Embeddings(), "--queries", Embeddings(), "--spec", "HNSW8,SQ8,Refine(Flat)", "--metric", "cosine",
            "-k", "2", "--search-params", "ef=16", "--json");
        Assert.Equal(0, bench.ExitCode);
        using var json = JsonDocument.Parse(bench.Stdout);
        Assert.Equal(1.0, json.RootElement.GetProperty("runs")[0].GetProperty("recall").GetDouble());
    }

    [Fact]
    public void Ivf_BuildSaveSearch_FindsEachVectorAsItself_AndBenchSweepsNProbe()
    {
        // 300 random 8-d vectors in IVF8,Flat (k-means trained on them by index build): probing all 8 lists is
        // exact search, so each stored vector finds itself (distance 0) and bench ann reports recall 1 at nprobe=8.
        var random = new Random(6);
        string data = _folder.File("random.tsv");
        File.WriteAllLines(data, Enumerable.Range(0, 300).Select(i =>
            "v" + i + "\t" + string.Join('\t', Enumerable.Range(0, 8).Select(_ => (random.NextDouble() * 2 - 1).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        string index = _folder.File("ivf.eki");
        Assert.Equal(0, CliRunner.Run("index", "build", data, "-o", index, "--spec", "IVF8,Flat", "--threads", "1").ExitCode);
        var r = CliRunner.Run("search", index, "--queries", data, "-k", "1", "--nprobe", "8", "--json");
        Assert.Equal(0, r.ExitCode);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            Assert.Equal("IVF8,Flat", doc.RootElement.GetProperty("spec").GetString());
            foreach (var query in doc.RootElement.GetProperty("queries").EnumerateArray())
                Assert.Equal(query.GetProperty("query").GetString(), query.GetProperty("results")[0].GetProperty("id").GetString());
        }

        var bench = CliRunner.Run("bench", "ann", "--base", data, "--queries", data, "--spec", "IVF8,SQ8,Refine(Flat)", "--search-params", "nprobe=1,8", "--repeats", "2", "--json");
        Assert.Equal(0, bench.ExitCode);
        using var json = JsonDocument.Parse(bench.Stdout);
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(["nprobe=1", "nprobe=8"], runs.EnumerateArray().Select(x => x.GetProperty("params").GetString()!).ToArray());
        Assert.Equal(1.0, runs[1].GetProperty("recall").GetDouble());
        AssertBadInput(CliRunner.Run("search", Build(), "--id", "a", "--nprobe", "4"), "nprobe applies to IVF indexes", "Flat");
        AssertBadInput(CliRunner.Run("search", index, "--id", "v1", "--nprobe", "4", "--ef", "4"), "--ef and --nprobe");
        AssertBadInput(CliRunner.Run("index", "build", Embeddings(), "-o", _folder.File("z.eki"), "--spec", "IVF8,Flat"), "needs at least 8", "found 5");
    }

    [Fact]
    public void BadInput_ExitsWithOne_NamingTheOption()
    {
        string index = Build();
        AssertBadInput(CliRunner.Run("search", index, "--id", "zz"), "--id", "'zz'");
        AssertBadInput(CliRunner.Run("search", index, "--vector", "1,2"), "--vector", "expected 3 numbers");
        AssertBadInput(CliRunner.Run("search", index, "--id", "a", "-k", "0"), "-k");
        AssertBadInput(CliRunner.Run("search", index), "exactly one of --queries");
        AssertBadInput(CliRunner.Run("search", index, "--id", "a", "--vector", "1,2,3"), "exactly one of --queries");
        AssertBadInput(CliRunner.Run("index", "build", Embeddings(), "-o", _folder.File("x.eki"), "--spec", "HNSW99x"), "--spec");
        AssertBadInput(CliRunner.Run("index", "build", Embeddings(), "-o", _folder.File("x.eki"), "--metric", "manhattan"), "--metric", "l2, ip or cosine");
        AssertBadInput(CliRunner.Run("search", Embeddings(), "--id", "a"), "small.tsv");
        Assert.False(File.Exists(_folder.File("x.eki")));
    }
}
