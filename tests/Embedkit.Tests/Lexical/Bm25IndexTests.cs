using Embedkit.Evaluation;
using Embedkit.Lexical;
using Embedkit.Retrieval;

namespace Embedkit.Tests.Lexical;

public class Bm25IndexTests
{
    private static readonly string MiniDir = Path.Combine(AppContext.BaseDirectory, "TestData", "beir", "scifact-mini");

    [Fact]
    public void Search_ScoresAsLuceneBm25_OnAHandWorkedCorpus()
    {
        // Tokens: d1 = [cat, cat, dog], d2 = [dog], d3 = [fish, bird], d4 = [] (empty: not counted).
        // N = 3 non-empty, avgdl = 6 / 3 = 2; k1 = 0.9, b = 0.4: K(|d|) = 0.9 (0.6 + 0.4 |d| / 2) → K(3) = 1.08, K(1) = 0.72.
        // idf(cat) = ln(1 + 2.5 / 1.5) = ln(8/3), idf(dog) = ln(1 + 1.5 / 2.5) = ln 1.6.
        // d1 = ln(8/3) · 2 / 3.08 + ln 1.6 · 1 / 2.08 = 0.8628653956364959; d2 = ln 1.6 / 1.72 = 0.2732579239800788.
        var index = Bm25Index.Build(["d1", "d2", "d3", "d4"], ["cat cat dog", "dog", "fish bird", ""]);
        Assert.Equal(2.0, index.AverageLength, 15);
        ScoredId[] hits = index.Search("cats dogs", 10);
        Assert.Equal(["d1", "d2"], hits.Select(h => h.Id));
        Assert.Equal(0.8628653956364959, hits[0].Score, 12);
        Assert.Equal(0.2732579239800788, hits[1].Score, 12);
        Assert.Equal(Math.Log(8.0 / 3), index.Idf("cat"), 15);
    }

    [Fact]
    public void Search_WeightsARepeatedQueryTerm_ByItsCount()
    {
        // Anserini's bag-of-words query boosts a term by its count: "dog dog" scores twice "dog".
        var index = Bm25Index.Build(["d1", "d2", "d3"], ["cat cat dog", "dog", "fish bird"]);
        double once = index.Search("dog", 10).Single(h => h.Id == "d2").Score;
        Assert.Equal(2 * once, index.Search("dog dog", 10).Single(h => h.Id == "d2").Score, 14);
        Assert.Equal(Math.Log(1.6) / 1.72, once, 12); // as in the hand-worked corpus above
    }

    [Fact]
    public void Search_BreaksTies_ByIdDescending_AndCutsAtK()
    {
        // Identical documents score the same; trec_eval's order puts "b" before "a".
        var index = Bm25Index.Build(["a", "b", "c"], ["solar wind", "solar wind", "lunar"]);
        Assert.Equal(["b", "a"], index.Search("solar", 10).Select(h => h.Id));
        Assert.Equal(["b"], index.Search("solar", 1).Select(h => h.Id));
        Assert.Empty(index.Search("the of", 10));        // only stop words
        Assert.Empty(index.Search("unseen words", 10));  // no term in the index
    }

    [Fact]
    public void Build_EmptyAndLongDocuments_HaveDefinedScores()
    {
        // A whitespace-only document matches nothing; a 100,000-character document gets a finite score, and with
        // 14,286 occurrences its tf part f / (f + K) is ≈ 1, above the short document's 1 / (1 + 0.54).
        string longText = string.Concat(Enumerable.Repeat("plasma ", 14_286)); // 100,002 characters
        var index = Bm25Index.Build(["blank", "long", "short"], ["   \t ", longText, "plasma physics"]);
        var hits = index.Search("plasma", 10);
        Assert.Equal(["long", "short"], hits.Select(h => h.Id));
        Assert.All(hits, h => Assert.True(double.IsFinite(h.Score) && h.Score > 0));
    }

    [Fact]
    public void Build_Rejects_EmptyCorpus_DuplicateIds_AndBadOptions()
    {
        var e = Assert.Throws<InvalidInputException>(() => Bm25Index.Build([], []));
        Assert.Contains("no documents", e.Message);
        e = Assert.Throws<InvalidInputException>(() => Bm25Index.Build(["x", "y", "x"], ["a", "b", "c"]));
        Assert.Contains("'x' repeats (document 3)", e.Message);
        e = Assert.Throws<InvalidInputException>(() => Bm25Index.Build(["x"], ["a"], new Bm25Options { B = 1.5 }));
        Assert.Contains("--b", e.Message);
        Assert.Equal("B", e.Field);
        e = Assert.Throws<InvalidInputException>(() => Bm25Index.Build(["x"], ["a"], new Bm25Options { K1 = double.NaN }));
        Assert.Equal("K1", e.Field);
    }

    [Fact]
    public void Search_Batch_EqualsOneByOne_ForAnyThreadCount()
    {
        var data = BeirDataset.Load(MiniDir);
        var texts = data.Queries.Select(q => q.Text).ToArray();
        var one = Bm25Index.Build(data.Corpus.Select(d => d.Id).ToArray(), data.Corpus.Select(d => d.Contents).ToArray(), new Bm25Options { Threads = 1 });
        var two = Bm25Index.Build(data.Corpus.Select(d => d.Id).ToArray(), data.Corpus.Select(d => d.Contents).ToArray(), new Bm25Options { Threads = 2 });
        var batch = two.Search(texts, 100);
        for (int q = 0; q < texts.Length; q++) Assert.Equal(one.Search(texts[q], 100), batch[q]);
    }

    [Theory]
    // Expected values: bench/peers/bm25_reference.py (BM25 and trec_eval written from the formulas in Python) on the
    // analyzer's tokens of TestData/beir/scifact-mini (dumped by `Embedkit.Benchmarks bm25 DIR --dump-tokens TOK`):
    //   python3 bench/peers/bm25_reference.py TOK TestData/beir/scifact-mini/qrels/test.tsv [--length-norm exact] [--k1 1.2 --b 0.75]
    [InlineData(0.9, 0.4, Bm25LengthNorm.Lucene, 0.6706365115663269, 0.975, 0.6383333333333333, 0.6296464579458001)]
    [InlineData(0.9, 0.4, Bm25LengthNorm.Exact, 0.6706365115663269, 0.975, 0.6383333333333333, 0.6297577939781888)]
    [InlineData(1.2, 0.75, Bm25LengthNorm.Lucene, 0.6721017807380743, 0.975, 0.6398214285714285, 0.6313247126731716)]
    public void SciFactSubset_Metrics_MatchThePythonReference(double k1, double b, Bm25LengthNorm norm, double ndcg, double recall, double mrr, double map)
    {
        var data = BeirDataset.Load(MiniDir);
        var index = Bm25Index.Build(data.Corpus.Select(d => d.Id).ToArray(), data.Corpus.Select(d => d.Contents).ToArray(),
            new Bm25Options { K1 = k1, B = b, LengthNorm = norm });
        var hits = index.Search(data.Queries.Select(q => q.Text).ToArray(), 100);
        var run = new Dictionary<string, IReadOnlyList<ScoredId>>();
        for (int q = 0; q < hits.Length; q++) run[data.Queries[q].Id] = hits[q];
        var report = RetrievalEvaluator.Evaluate(data.Qrels, run);
        Assert.Equal(40, report.Queries);
        Assert.Equal(ndcg, report.NdcgAt10, 12);
        Assert.Equal(recall, report.RecallAt100, 12);
        Assert.Equal(mrr, report.MrrAt10, 12);
        Assert.Equal(map, report.MapAt100, 12);
    }
}
