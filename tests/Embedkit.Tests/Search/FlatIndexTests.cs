using Embedkit.Search;

namespace Embedkit.Tests.Search;

public class FlatIndexTests
{
    private const int D = 37; // not a multiple of 16: every row has a padded tail

    private static (FlatIndex Index, long[] Ids, float[] Vectors) Build(Metric metric, int n, int d = D, int seed = 1)
    {
        float[] vectors = BruteForce.Random(n, d, seed);
        // Ids that are neither dense nor ordered, so that a row/id mix-up shows.
        long[] ids = Enumerable.Range(0, n).Select(i => (long)(i * 7919 % 100003) + 1_000_000_000_000L).ToArray();
        var index = new FlatIndex(d, metric);
        index.Add(ids, vectors);
        return (index, ids, vectors);
    }

    public static TheoryData<Metric, int, int> SearchCases()
    {
        var data = new TheoryData<Metric, int, int>();
        foreach (Metric metric in Enum.GetValues<Metric>())
            foreach (int batch in new[] { 1, 7, 100 })
                foreach (int k in new[] { 1, 10 })
                    data.Add(metric, batch, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(SearchCases))]
    public void Search_Equals_BruteForceInDouble(Metric metric, int batch, int k)
    {
        // Expected values: BruteForce, every score by its definition in double precision, ties by the lower id.
        var (index, ids, vectors) = Build(metric, 301);
        float[] queries = BruteForce.Random(batch, D, 99);
        var found = index.Search(queries, k, new SearchParameters { Threads = 1 });

        for (int q = 0; q < batch; q++)
        {
            var expected = BruteForce.Search(metric, ids, vectors, D, queries.AsSpan(q * D, D), k);
            Assert.Equal(expected.Select(e => e.Id), found.IdsOf(q).ToArray());
            for (int j = 0; j < k; j++)
                Assert.Equal(expected[j].Score, found.ScoresOf(q)[j], 1e-5 * Math.Max(1, Math.Abs(expected[j].Score)));
        }
    }

    [Theory]
    [InlineData(Metric.L2)]
    [InlineData(Metric.InnerProduct)]
    [InlineData(Metric.Cosine)]
    public void Search_GivesIdenticalResults_ForOneAndTwoThreads_AndEveryKernelWidth(Metric metric)
    {
        // 500 queries make several query blocks, so the two threads really split the work.
        var (index, _, _) = Build(metric, 1000, seed: 3);
        float[] queries = BruteForce.Random(500, D, 4);
        var one = index.Search(queries, 10, new SearchParameters { Threads = 1 });
        var two = index.Search(queries, 10, new SearchParameters { Threads = 2 });
        Assert.Equal(one.Ids, two.Ids);
        Assert.Equal(one.Scores.Select(BitConverter.SingleToInt32Bits), two.Scores.Select(BitConverter.SingleToInt32Bits));

        foreach (KernelWidth width in new[] { KernelWidth.Scalar, KernelWidth.Vector128, KernelWidth.Vector256 })
        {
            index.Width = width;
            var other = index.Search(queries.AsSpan(0, 20 * D), 10, new SearchParameters { Threads = 1 });
            Assert.Equal(one.Ids.AsSpan(0, 200).ToArray(), other.Ids);
            Assert.Equal(one.Scores.AsSpan(0, 200).ToArray(), other.Scores);
        }
    }

    [Fact]
    public void Search_L2_FindsEachVectorAtDistanceExactlyZero()
    {
        var (index, ids, vectors) = Build(Metric.L2, 200, seed: 5);
        var found = index.Search(vectors, 1);
        Assert.Equal(ids, found.Ids);
        Assert.All(found.Scores, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Search_BreaksTies_ByTheLowerId()
    {
        // Three identical vectors with ids 9, 3, 7 (in that order) and one farther away: k = 2 must give 3, 7.
        var index = new FlatIndex(2);
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
        var index = new FlatIndex(2, metric);
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
        var index = new FlatIndex(3);
        var found = index.Search([1, 2, 3], 2);
        Assert.Equal([-1L, -1L], found.Ids);
        Assert.Equal([float.PositiveInfinity, float.PositiveInfinity], found.Scores);
    }

    [Fact]
    public void Search_HandWorkedScores_ForEachMetric()
    {
        // x = (3, 4), q = (1, 0): L2 = (3−1)² + 4² = 20, ip = 3, cosine = 3 / 5 = 0.6.
        foreach (var (metric, expected) in new[] { (Metric.L2, 20f), (Metric.InnerProduct, 3f), (Metric.Cosine, 0.6f) })
        {
            var index = new FlatIndex(2, metric);
            index.Add([1], [3, 4]);
            Assert.Equal(expected, index.Search([1, 0], 1).Scores[0], 1e-6f);
        }
    }

    [Fact]
    public void Search_Cosine_IgnoresTheLengthOfQueriesAndVectors()
    {
        var index = new FlatIndex(2, Metric.Cosine);
        index.Add([1, 2], [100, 0, 0.001f, 0.001f]);
        var found = index.Search([0.5f, 0.5f], 2);
        Assert.Equal([2L, 1L], found.IdsOf(0).ToArray());
        Assert.Equal(1f, found.Scores[0], 1e-6f);
        Assert.Equal(MathF.Sqrt(0.5f), found.Scores[1], 1e-6f);
    }

    [Fact]
    public void RemoveThenReAdd_EachIdComesBackAsItsOwnNearest()
    {
        // Peer-reported regression: remove 2, 1, 3, re-add 1, 2, 3 with their vectors, then search each by its own vector.
        var (index, ids, vectors) = SmallIndex();
        Assert.Equal(3, index.Remove([2, 1, 3]));
        index.Add([1, 2, 3], [.. Vector(vectors, 1), .. Vector(vectors, 2), .. Vector(vectors, 3)]);

        Assert.Equal(ids.Length, index.Count);
        foreach (long id in ids)
            Assert.Equal(id, index.Search(Vector(vectors, (int)id), 1).Ids[0]);
    }

    [Fact]
    public void RemoveAndAdd_KeepEveryIdMappedToItsVector()
    {
        // Peer-reported regression: add 0, 10, 20, 30, 40, remove 10 and 30, add 5, 15, 25, 35, 45.
        var index = new FlatIndex(3);
        float[] V(long id) => [id, id * 0.5f, -id];
        long[] first = [0, 10, 20, 30, 40], second = [5, 15, 25, 35, 45];
        index.Add(first, [.. first.SelectMany(V)]);
        Assert.Equal(2, index.Remove([10, 30]));
        index.Add(second, [.. second.SelectMany(V)]);

        long[] expected = [0, 20, 40, 5, 15, 25, 35, 45];
        Assert.Equal(expected.Order(), index.Ids.Order());
        var vector = new float[3];
        foreach (long id in expected)
        {
            Assert.True(index.TryGetVector(id, vector));
            Assert.Equal(V(id), vector);
            Assert.Equal(id, index.Search(V(id), 1).Ids[0]);
        }
        Assert.False(index.TryGetVector(10, vector));
        Assert.False(index.Contains(30));
    }

    [Fact]
    public void Remove_SkipsAbsentIds_AndCountsTheRemoved()
    {
        var (index, _, _) = SmallIndex();
        Assert.Equal(2, index.Remove([4, 99, 4, 0]));
        Assert.Equal(3, index.Count);
        Assert.Equal(0, index.Remove([]));
    }

    [Fact]
    public void Upsert_ReplacesPresentIds_AndAddsNewOnes()
    {
        var index = new FlatIndex(2);
        index.Add([1, 2], [0, 0, 1, 1]);
        Assert.Equal(1, index.Upsert([2, 3], [5, 5, 7, 7]));
        var vector = new float[2];
        Assert.True(index.TryGetVector(2, vector));
        Assert.Equal([5f, 5f], vector);
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void Upsert_ChangesNothing_WhenTheBatchIsInvalid()
    {
        var index = new FlatIndex(2);
        index.Add([1, 2], [0, 0, 1, 1]);
        Assert.Throws<InvalidInputException>(() => index.Upsert([2, 3], [5, 5, float.NaN, 7]));
        Assert.Equal(2, index.Count);
        Assert.True(index.Contains(2));
    }

    [Fact]
    public void Add_Rejects_AnIdAlreadyPresent_AndAddsNothing()
    {
        var (index, _, _) = SmallIndex();
        var e = Assert.Throws<InvalidInputException>(() => index.Add([7, 3], [0, 0, 0, 0, 0, 0]));
        Assert.Contains("id 3 is already in the index", e.Message);
        Assert.Contains("Upsert", e.Message);
        Assert.Equal(5, index.Count);
        Assert.False(index.Contains(7));
    }

    [Fact]
    public void Add_Rejects_TheSameIdTwiceInOneBatch()
    {
        var index = new FlatIndex(1);
        var e = Assert.Throws<InvalidInputException>(() => index.Add([4, 5, 4], [1, 2, 3]));
        Assert.Contains("rows 0 and 2 have the same id 4", e.Message);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Add_Rejects_TheReservedIdMinusOne()
    {
        var e = Assert.Throws<InvalidInputException>(() => new FlatIndex(1).Add([-1], [1]));
        Assert.Contains("id −1 is reserved", e.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Add_Rejects_NonFiniteComponent_NamingRowAndComponent(float bad, string shown)
    {
        var index = new FlatIndex(3);
        var e = Assert.Throws<InvalidInputException>(() => index.Add([10, 11], [1, 2, 3, 4, bad, 6]));
        Assert.Contains("vector 1 (id 11), component 1: expected a finite number", e.Message);
        Assert.Contains(shown, e.Message);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Search_Rejects_NonFiniteQuery_NamingTheQuery()
    {
        var (index, _, _) = SmallIndex();
        var e = Assert.Throws<InvalidInputException>(() => index.Search([0, 0, 0, 0, 0, float.NaN], 1));
        Assert.Contains("query 1, component 2: expected a finite number, found NaN", e.Message);
    }

    [Fact]
    public void Cosine_Rejects_ZeroVectors_OnAddAndSearch()
    {
        var index = new FlatIndex(2, Metric.Cosine);
        var add = Assert.Throws<InvalidInputException>(() => index.Add([1, 2], [1, 0, 0, 0]));
        Assert.Contains("vector 1 (id 2) is all zeros", add.Message);
        Assert.Contains("cosine similarity is undefined", add.Message);
        index.Add([1], [1, 0]);
        var search = Assert.Throws<InvalidInputException>(() => index.Search([0, 0], 1));
        Assert.Contains("query 0 is all zeros", search.Message);
    }

    [Fact]
    public void L2AndInnerProduct_Accept_ZeroVectors()
    {
        foreach (Metric metric in new[] { Metric.L2, Metric.InnerProduct })
        {
            var index = new FlatIndex(2, metric);
            index.Add([1], [0, 0]);
            Assert.Equal(1L, index.Search([0, 0], 1).Ids[0]);
        }
    }

    [Fact]
    public void Add_Rejects_VectorsWhoseSquaredNormOverflows()
    {
        var e = Assert.Throws<InvalidInputException>(() => new FlatIndex(2).Add([1], [1e19f, 1e19f]));
        Assert.Contains("vector 0 (id 1): its squared norm", e.Message);
    }

    [Fact]
    public void Add_Rejects_DimensionMismatch_GivingBothDimensions()
    {
        var e = Assert.Throws<InvalidInputException>(() => new FlatIndex(4).Add([1, 2], [1, 2, 3, 4, 5, 6]));
        Assert.Contains("the index has dimension 4, the vectors have dimension 3 (6 values for 2 ids)", e.Message);
    }

    [Fact]
    public void Search_Rejects_DimensionMismatch_GivingBothDimensions()
    {
        var (index, _, _) = SmallIndex(); // dimension 3
        var e = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3, 4, 5, 6, 7, 8], 1, new long[2], new float[2]));
        Assert.Contains("the index has dimension 3, the queries have dimension 4", e.Message);
        var whole = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3, 4], 1));
        Assert.Contains("the index has dimension 3, but the queries hold 4 values", whole.Message);
    }

    [Fact]
    public void Search_Rejects_OutputsOfTheWrongLength()
    {
        var (index, _, _) = SmallIndex();
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3], 2, new long[3], new float[3]));
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3], 2, new long[2], new float[1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Search_Rejects_KNotPositive(int k)
    {
        var (index, _, _) = SmallIndex();
        var e = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3], k, [], []));
        Assert.Contains("--k (k): expected a positive number of results per query", e.Message);
        Assert.Equal("k", e.Field);
    }

    [Fact]
    public void Search_Rejects_NegativeThreads()
    {
        var (index, _, _) = SmallIndex();
        var e = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3], 1, new SearchParameters { Threads = -1 }));
        Assert.Equal("Threads", e.Field);
    }

    [Fact]
    public void Constructor_Rejects_NonPositiveDimension_AndUnknownMetric()
    {
        Assert.Throws<InvalidInputException>(() => new FlatIndex(0));
        Assert.Throws<InvalidInputException>(() => new FlatIndex(3, (Metric)7));
    }

    [Fact]
    public void GetService_Offers_LookupAndTheIndexItself_AndNothingElse()
    {
        var (index, _, _) = SmallIndex();
        IVectorIndex contract = index;
        Assert.Same(index, contract.GetService<IVectorLookup>());
        Assert.Same(index, contract.GetService<FlatIndex>());
        Assert.Null(contract.GetService(typeof(IDisposable)));
    }

    [Fact]
    public void TryGetVector_UnderCosine_ReturnsTheUnitVector()
    {
        var index = new FlatIndex(2, Metric.Cosine);
        index.Add([1], [3, 4]);
        var vector = new float[2];
        Assert.True(index.TryGetVector(1, vector));
        Assert.Equal([0.6f, 0.8f], vector);
    }

    [Fact]
    public void Add_GrowsPastManyCapacities_KeepingEveryVector()
    {
        // Batches of 1, 2, 3, ... so that capacity doubles several times with rows past Count in between.
        var index = new FlatIndex(5);
        var all = new List<(long Id, float[] V)>();
        var random = new Random(8);
        long next = 0;
        for (int batch = 1; batch <= 40; batch++)
        {
            var ids = Enumerable.Range(0, batch).Select(_ => next++).ToArray();
            var values = BruteForce.Random(batch, 5, random.Next());
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
    }

    /// <summary>Ids 0..4, dimension 3, vector of id i = (i, 2i, i²).</summary>
    private static (FlatIndex Index, long[] Ids, float[] Vectors) SmallIndex()
    {
        long[] ids = [0, 1, 2, 3, 4];
        float[] vectors = [.. ids.SelectMany(i => new float[] { i, 2 * i, i * i })];
        var index = new FlatIndex(3);
        index.Add(ids, vectors);
        return (index, ids, vectors);
    }

    private static float[] Vector(float[] vectors, int row) => vectors[(row * 3)..((row + 1) * 3)];
}
