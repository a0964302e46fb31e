using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.Search;
using Embedkit.Tests.Cli;

namespace Embedkit.Tests.Search;

public partial class HnswIndexTests
{
    private const int K = 10;

    /// <summary>Ids 0..n−1 as longs.</summary>
    private static long[] Range(int n, long first = 0) => Enumerable.Range(0, n).Select(i => first + i).ToArray();

    /// <summary>
    /// ann-benchmarks recall@k of <paramref name="index"/> against <see cref="FlatIndex"/> (the exact reference)
    /// holding the same ids and vectors, both searched with the same queries.
    /// </summary>
    private static double RecallAgainstFlat(HnswIndex index, long[] ids, float[] vectors, float[] queries, int ef, int k = K, Func<long, bool>? filter = null)
    {
        var flat = new FlatIndex(index.Dimension, index.Metric);
        if (filter is null)
        {
            flat.Add(ids, vectors);
        }
        else
        {
            int d = index.Dimension;
            int[] rows = Enumerable.Range(0, ids.Length).Where(i => filter(ids[i])).ToArray();
            flat.Add(rows.Select(i => ids[i]).ToArray(), rows.SelectMany(i => vectors.AsSpan(i * d, d).ToArray()).ToArray());
        }
        var truth = flat.Search(queries, k);
        var found = index.Search(queries, k, new HnswSearchParameters { Ef = ef, Filter = filter });
        return AnnRecall.FromScores(truth.Scores, k, found.Scores, k, k, index.Metric.ScoreKind());
    }

    [Fact]
    public void Search_RecallAgainstFlat_IsAtLeast095_OnRandomData()
    {
        // Expected: ann-benchmarks recall@10 against FlatIndex (exact) of at least 0.95 at ef = 64 with hnswlib's
        // defaults M = 16, efConstruction = 200 — hnswlib's own recall test asks the same of random data.
        const int n = 5000, d = 32;
        float[] data = BruteForce.Random(n, d, 11);
        float[] queries = BruteForce.Random(200, d, 12);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 2 });
        index.Add(Range(n), data);

        double recall = RecallAgainstFlat(index, Range(n), data, queries, ef: 64);

        Assert.True(recall >= 0.95, $"recall@10 = {recall:F4}, expected ≥ 0.95");
    }

    [Fact]
    public void Search_RecallAgainstFlat_IsAtLeast095_OnCoraFastRPEmbeddings()
    {
        // Real data: FastRP embeddings (d = 128, the defaults) of the Cora citation graph in data/cora, under cosine
        // (the usual metric for them). Expected: recall@10 ≥ 0.95 against FlatIndex at ef = 64; queries are 300 of
        // the nodes themselves, as in a "more like this" lookup.
        var graph = EdgeListReader.Read(CliRunner.Data("cora/edges.tsv.gz"), new EdgeListOptions()).Graph;
        var embeddings = FastRP.Embed(graph, new FastRPOptions { Dimension = 128 });
        float[] vectors = embeddings.Array;
        int n = embeddings.Count, d = embeddings.Dimension;
        var index = new HnswIndex(d, Metric.Cosine, new HnswOptions { Threads = 2 });
        index.Add(Range(n), vectors);
        float[] queries = Enumerable.Range(0, 300).SelectMany(i => vectors.AsSpan(i * 9 % n * d, d).ToArray()).ToArray();

        double recall = RecallAgainstFlat(index, Range(n), vectors, queries, ef: 64);

        Assert.True(recall >= 0.95, $"recall@10 = {recall:F4}, expected ≥ 0.95");
    }

    [Theory]
    [InlineData(Metric.L2)]
    [InlineData(Metric.InnerProduct)]
    [InlineData(Metric.Cosine)]
    public void Search_RecallAgainstFlat_IsAtLeast095_ForEveryMetric(Metric metric)
    {
        // Expected: recall@10 ≥ 0.95 against FlatIndex under each metric (scores on FlatIndex's scale, compared
        // by AnnRecall with the metric's own direction). Vectors are shifted to mostly positive values, so that
        // inner product and cosine rank differently from each other and from L2.
        const int n = 2000, d = 16;
        float[] data = BruteForce.Random(n, d, 21).Select(v => v + 0.5f).ToArray();
        float[] queries = BruteForce.Random(100, d, 22).Select(v => v + 0.5f).ToArray();
        var index = new HnswIndex(d, metric, new HnswOptions { Threads = 2 });
        index.Add(Range(n), data);

        double recall = RecallAgainstFlat(index, Range(n), data, queries, ef: 64);

        Assert.True(recall >= 0.95, $"{metric}: recall@10 = {recall:F4}, expected ≥ 0.95");
    }

    [Theory]
    [InlineData(Metric.L2)]
    [InlineData(Metric.InnerProduct)]
    [InlineData(Metric.Cosine)]
    public void Search_WithEfAtLeastCount_EqualsFlatExactly_IdsAndScores(Metric metric)
    {
        // With ef ≥ count the layer-0 search keeps every reachable node, and the graph of 300 nodes is connected,
        // so the results must be FlatIndex's bit for bit: same ids, same tie rule, same double-precision scores.
        const int n = 300, d = 37; // 37: rows carry a padded tail
        float[] data = BruteForce.Random(n, d, 31);
        float[] queries = BruteForce.Random(40, d, 32);
        long[] ids = Range(n).Select(i => i * 7919 % 100003 + 1_000_000_000_000L).ToArray();
        var index = new HnswIndex(d, metric, new HnswOptions { M = 8, Threads = 1 });
        index.Add(ids, data);
        var flat = new FlatIndex(d, metric);
        flat.Add(ids, data);

        var expected = flat.Search(queries, K);
        var found = index.Search(queries, K, new HnswSearchParameters { Ef = n });

        Assert.Equal(expected.Ids, found.Ids);
        Assert.Equal(expected.Scores.Select(BitConverter.SingleToInt32Bits), found.Scores.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Search_FindsEachStoredVector_AtDistanceExactlyZero()
    {
        // Expected: every vector is its own nearest neighbour at squared distance 0 (exact double scoring of x − x).
        const int n = 1000, d = 24;
        float[] data = BruteForce.Random(n, d, 41);
        // One build thread: the graph is then the same on every run (a parallel build depends on timing, and under
        // a heavily loaded machine it once left a vector that ef = 32 did not reach).
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 1 });
        index.Add(Range(n), data);

        var found = index.Search(data, 1, new HnswSearchParameters { Ef = 32 });

        Assert.Equal(Range(n), found.Ids);
        Assert.All(found.Scores, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Search_HandWorkedScores_ForEachMetric()
    {
        // x = (3, 4), q = (1, 0): L2 = (3−1)² + 4² = 20, ip = 3, cosine = 3 / 5 = 0.6 (as FlatIndex's test).
        foreach (var (metric, expected) in new[] { (Metric.L2, 20f), (Metric.InnerProduct, 3f), (Metric.Cosine, 0.6f) })
        {
            var index = new HnswIndex(2, metric);
            index.Add([1], [3, 4]);
            Assert.Equal(expected, index.Search([1, 0], 1).Scores[0], 1e-6f);
        }
    }

    [Fact]
    public void Search_BreaksTies_ByTheLowerId()
    {
        // Three identical vectors with ids 9, 3, 7 (in that order) and one farther away: k = 2 must give 3, 7
        // (the contract's tie rule, as FlatIndex's test).
        var index = new HnswIndex(2);
        index.Add([9, 3, 7, 1], [1, 1, 1, 1, 1, 1, 5, 5]);
        var found = index.Search([1, 1], 2);
        Assert.Equal([3L, 7L], found.IdsOf(0).ToArray());
        Assert.Equal([0f, 0f], found.ScoresOf(0).ToArray());
    }

    [Theory]
    [InlineData(Metric.L2, float.PositiveInfinity)]
    [InlineData(Metric.InnerProduct, float.NegativeInfinity)]
    [InlineData(Metric.Cosine, float.NegativeInfinity)]
    public void Search_WithKAboveCount_ReturnsWhatExists_ThenMinusOneAndTheWorstScore(Metric metric, float worst)
    {
        // The contract: fewer than k vectors give −1 ids and the metric's worst score in the remaining slots.
        var index = new HnswIndex(2, metric);
        index.Add([5, 6], [1, 0, 0, 1]);
        var found = index.Search([1, 0.5f, 0.5f, 1], 4);
        Assert.Equal([5L, 6L, -1L, -1L], found.IdsOf(0).ToArray());
        Assert.Equal([6L, 5L, -1L, -1L], found.IdsOf(1).ToArray());
        Assert.Equal(worst, found.ScoresOf(0)[2]);
        Assert.Equal(worst, found.ScoresOf(1)[3]);
    }

    [Fact]
    public void Search_OnAnEmptyIndex_FillsEverySlotWithMinusOne()
    {
        var found = new HnswIndex(3).Search([1, 2, 3], 2);
        Assert.Equal([-1L, -1L], found.Ids);
        Assert.Equal([float.PositiveInfinity, float.PositiveInfinity], found.Scores);
    }

    [Fact]
    public void Search_GivesTheSameResults_ForOneAndTwoThreads()
    {
        // Each query's search reads the graph only, so how queries are spread over threads cannot change results.
        const int n = 2000, d = 16;
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 1 });
        index.Add(Range(n), BruteForce.Random(n, d, 51));
        float[] queries = BruteForce.Random(300, d, 52);
        var one = index.Search(queries, K, new HnswSearchParameters { Threads = 1 });
        var two = index.Search(queries, K, new HnswSearchParameters { Threads = 2 });
        Assert.Equal(one.Ids, two.Ids);
        Assert.Equal(one.Scores, two.Scores);
    }

    [Fact]
    public void Filter_ReturnsOnlyAcceptedIds_WithRecallAgainstFilteredFlatOfAtLeast09()
    {
        // Only even ids: every result must be even, and recall@10 against FlatIndex holding only the even ids
        // must be at least 0.9 (the filter is applied inside the graph search, not to its output).
        const int n = 3000, d = 16;
        float[] data = BruteForce.Random(n, d, 61);
        float[] queries = BruteForce.Random(150, d, 62);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 2 });
        index.Add(Range(n), data);
        static bool Even(long id) => id % 2 == 0;

        var found = index.Search(queries, K, new HnswSearchParameters { Ef = 64, Filter = Even });
        double recall = RecallAgainstFlat(index, Range(n), data, queries, ef: 64, filter: Even);

        Assert.All(found.Ids, id => Assert.True(id >= 0 && Even(id), $"id {id}"));
        Assert.True(recall >= 0.9, $"filtered recall@10 = {recall:F4}, expected ≥ 0.9");
    }

    [Fact]
    public void Filter_AppliedDuringTheSearch_StillFindsKResults_WhenFewAreAccepted()
    {
        // 1 in 50 ids accepted (40 of 2000): a post-filter of the ef = 16 best would usually return nothing; the
        // in-search filter keeps going until it holds ef accepted nodes, so all 10 slots are filled with accepted ids.
        const int n = 2000, d = 8;
        var index = new HnswIndex(d);
        index.Add(Range(n), BruteForce.Random(n, d, 63));
        static bool Rare(long id) => id % 50 == 7;

        var found = index.Search(BruteForce.Random(20, d, 64), K, new HnswSearchParameters { Ef = 16, Filter = Rare });

        Assert.All(found.Ids, id => Assert.True(Rare(id), $"id {id}"));
    }

    [Fact]
    public void Filter_ThatThrows_PropagatesItsException_OnOneOrTwoThreads()
    {
        // The caller's exception, not an AggregateException from the worker threads.
        var index = new HnswIndex(2);
        index.Add(Range(50), BruteForce.Random(50, 2, 66));
        foreach (int threads in new[] { 1, 2 })
        {
            var parameters = new HnswSearchParameters { Threads = threads, Filter = _ => throw new TimeoutException("from the filter") };
            var e = Assert.Throws<TimeoutException>(() => index.Search(BruteForce.Random(40, 2, 67), 3, parameters));
            Assert.Equal("from the filter", e.Message);
        }
        Assert.Equal(3, index.Search([0, 0], 3).Ids.Count(id => id >= 0)); // the index still works
    }

    [Fact]
    public void Filter_RejectingEverything_GivesOnlyMinusOne()
    {
        var index = new HnswIndex(2);
        index.Add(Range(50), BruteForce.Random(50, 2, 65));
        var found = index.Search([0, 0], 3, new HnswSearchParameters { Filter = _ => false });
        Assert.Equal([-1L, -1L, -1L], found.Ids);
    }

    [Fact]
    public void Build_IsReproducible_OnOneThread_AndDependsOnTheSeed()
    {
        // Same seed, same ids and vectors in the same order, one thread: the saved graphs must be identical
        // byte for byte, and so the results; another seed draws other levels, so another graph.
        const int n = 1500, d = 12;
        float[] data = BruteForce.Random(n, d, 71);
        float[] queries = BruteForce.Random(50, d, 72);
        HnswIndex Build(ulong seed)
        {
            var index = new HnswIndex(d, Metric.L2, new HnswOptions { Seed = seed, Threads = 1 });
            index.Add(Range(n), data);
            return index;
        }
        using var folder = new IO.TempFolder();
        byte[] Bytes(HnswIndex index, string name)
        {
            string path = folder.File(name);
            VectorIndexFile.Write(path, index);
            return File.ReadAllBytes(path);
        }
        HnswIndex a = Build(7), b = Build(7), c = Build(8);

        Assert.Equal(Bytes(a, "a.eki"), Bytes(b, "b.eki"));
        Assert.NotEqual(Bytes(a, "a.eki"), Bytes(c, "c.eki"));
        var ra = a.Search(queries, K, new HnswSearchParameters { Ef = 16 });
        var rb = b.Search(queries, K, new HnswSearchParameters { Ef = 16 });
        Assert.Equal(ra.Ids, rb.Ids);
        Assert.Equal(ra.Scores, rb.Scores);
    }

    [Fact]
    public void Levels_FollowTheGeometricLaw_WithMl1OverLnM()
    {
        // With mL = 1/ln M a node reaches level ≥ 1 with probability 1/M: 1/16 of 16,000 is 1000 nodes, whose
        // binomial standard deviation is √(16000 · 1/16 · 15/16) ≈ 30.6; accept 4 of them. A level-1 node has 16
        // upper links of room, so the file's upper-link count is 17 ints per level.
        const int n = 16000;
        var index = new HnswIndex(1, Metric.L2, new HnswOptions { Threads = 2, EfConstruction = 16 });
        index.Add(Range(n), BruteForce.Random(n, 1, 73));
        using var folder = new IO.TempFolder();
        string path = folder.File("levels.eki");
        VectorIndexFile.Write(path, index);
        byte[] bytes = File.ReadAllBytes(path);
        long upperInts = BitConverter.ToInt64(bytes, 160);
        byte[] levels = bytes[(192 + 8 * n)..(192 + 9 * n)];

        int above = levels.Count(l => l >= 1);
        Assert.InRange(above, 1000 - 4 * 31, 1000 + 4 * 31);
        Assert.Equal(levels.Sum(l => (long)l) * 17, upperInts);
        Assert.Equal(levels.Max(), index.TopLevel);
    }

    [Fact]
    public void GetService_Offers_LookupAndTheIndexItself_AndNothingElse()
    {
        var index = new HnswIndex(2);
        IVectorIndex contract = index;
        Assert.Same(index, contract.GetService<IVectorLookup>());
        Assert.Same(index, contract.GetService<HnswIndex>());
        Assert.Null(contract.GetService(typeof(FlatIndex)));
    }

    [Fact]
    public void TryGetVector_UnderCosine_ReturnsTheUnitVector()
    {
        var index = new HnswIndex(2, Metric.Cosine);
        index.Add([1], [3, 4]);
        var vector = new float[2];
        Assert.True(index.TryGetVector(1, vector));
        Assert.Equal([0.6f, 0.8f], vector);
        Assert.Throws<ArgumentException>(() => index.TryGetVector(1, new float[3]));
    }

    [Fact]
    public void Add_GrowsPastManyCapacities_KeepingEveryVector_AndReserveGrowsAhead()
    {
        // Batches of 1, 2, 3, ... so that the storage grows several times between inserts.
        var index = new HnswIndex(5, Metric.L2, new HnswOptions { Threads = 1 });
        var all = new List<(long Id, float[] V)>();
        var random = new Random(8);
        long next = 0;
        for (int batch = 1; batch <= 40; batch++)
        {
            long[] ids = Range(batch, next);
            next += batch;
            float[] values = BruteForce.Random(batch, 5, random.Next());
            index.Add(ids, values);
            for (int i = 0; i < batch; i++) all.Add((ids[i], values[(i * 5)..((i + 1) * 5)]));
        }
        Assert.Equal(all.Count, index.Count);
        var vector = new float[5];
        foreach (var (id, v) in all)
        {
            Assert.True(index.TryGetVector(id, vector));
            Assert.Equal(v, vector);
        }
        float[] queries = [.. all.Take(50).SelectMany(e => e.V)];
        Assert.Equal(all.Take(50).Select(e => e.Id), index.Search(queries, 1).Ids);

        index.Reserve(5000);
        Assert.Equal(5000, index.Capacity);
    }
}
