using Embedkit.Search;

namespace Embedkit.Tests.Search;

public partial class HnswIndexTests
{
    /// <summary>Ids 0..4, dimension 3, vector of id i = (i, 2i, i²) — FlatIndexTests' small index.</summary>
    private static HnswIndex SmallIndex(Metric metric = Metric.L2)
    {
        long[] ids = [0, 1, 2, 3, 4];
        var index = new HnswIndex(3, metric);
        index.Add(ids, [.. ids.SelectMany(i => new float[] { i + 1, 2 * i, i * i })]);
        return index;
    }

    [Fact]
    public void Add_Rejects_DimensionMismatch_GivingBothDimensions_AndAddsNothing()
    {
        var index = new HnswIndex(4);
        var e = Assert.Throws<InvalidInputException>(() => index.Add([1, 2], [1, 2, 3, 4, 5, 6]));
        Assert.Contains("the index has dimension 4, the vectors have dimension 3 (6 values for 2 ids)", e.Message);
        Assert.Equal("vectors", e.Field);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Search_Rejects_DimensionMismatch_GivingBothDimensions()
    {
        var index = SmallIndex(); // dimension 3
        var e = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3, 4, 5, 6, 7, 8], 1, new long[2], new float[2]));
        Assert.Contains("the index has dimension 3, the queries have dimension 4", e.Message);
        var whole = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3, 4], 1));
        Assert.Contains("the index has dimension 3, but the queries hold 4 values", whole.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Add_Rejects_NonFiniteComponent_NamingRowAndComponent_AndKeepsWhatIsStored(float bad, string shown)
    {
        var index = SmallIndex();
        var e = Assert.Throws<InvalidInputException>(() => index.Add([10, 11], [1, 2, 3, 4, bad, 6]));
        Assert.Contains("vector 1 (id 11), component 1: expected a finite number", e.Message);
        Assert.Contains(shown, e.Message);
        Assert.Equal(5, index.Count);
        Assert.False(index.Contains(10));
        Assert.Equal(2L, index.Search([3, 4, 4], 1).Ids[0]);
    }

    [Fact]
    public void Search_Rejects_NonFiniteQuery_NamingTheQuery()
    {
        var e = Assert.Throws<InvalidInputException>(() => SmallIndex().Search([0, 0, 0, 0, 0, float.NaN], 1));
        Assert.Contains("query 1, component 2: expected a finite number, found NaN", e.Message);
    }

    [Fact]
    public void Cosine_Rejects_ZeroVectors_OnAddAndSearch()
    {
        var index = new HnswIndex(2, Metric.Cosine);
        var add = Assert.Throws<InvalidInputException>(() => index.Add([1, 2], [1, 0, 0, 0]));
        Assert.Contains("vector 1 (id 2) is all zeros", add.Message);
        Assert.Contains("cosine similarity is undefined", add.Message);
        Assert.Equal(0, index.Count);
        index.Add([1], [1, 0]);
        var search = Assert.Throws<InvalidInputException>(() => index.Search([0, 0], 1));
        Assert.Contains("query 0 is all zeros", search.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Search_Rejects_KNotPositive(int k)
    {
        var e = Assert.Throws<InvalidInputException>(() => SmallIndex().Search([1, 2, 3], k, [], []));
        Assert.Contains("--k (k): expected a positive number of results per query", e.Message);
        Assert.Equal("k", e.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Search_Rejects_EfNotPositive(int ef)
    {
        var e = Assert.Throws<InvalidInputException>(() => SmallIndex().Search([1, 2, 3], 1, new HnswSearchParameters { Ef = ef }));
        Assert.Contains("--ef (Ef): expected a positive candidate list size", e.Message);
        Assert.Equal("Ef", e.Field);
    }

    [Fact]
    public void Search_UsesMaxOfEfAndK_SoASmallEfStillFillsK()
    {
        // ef = 1 with k = 5 on 5 vectors: the search runs with max(ef, k) = 5 candidates, so all 5 come back.
        var found = SmallIndex().Search([0, 0, 0], 5, new HnswSearchParameters { Ef = 1 });
        Assert.Equal([0L, 1L, 2L, 3L, 4L], found.Ids);
    }

    [Fact]
    public void Search_Rejects_OutputsOfTheWrongLength_AndNegativeThreads()
    {
        var index = SmallIndex();
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3], 2, new long[3], new float[3]));
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3], 2, new long[2], new float[1]));
        var e = Assert.Throws<InvalidInputException>(() => index.Search([1, 2, 3], 1, new HnswSearchParameters { Threads = -1 }));
        Assert.Equal("Threads", e.Field);
    }

    [Fact]
    public void Add_Rejects_TheSameIdTwiceInOneBatch()
    {
        var index = new HnswIndex(1);
        var e = Assert.Throws<InvalidInputException>(() => index.Add([4, 5, 4], [1, 2, 3]));
        Assert.Contains("rows 0 and 2 have the same id 4", e.Message);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Add_Rejects_AnIdAlreadyPresent_AndAddsNothing()
    {
        var index = SmallIndex();
        var e = Assert.Throws<InvalidInputException>(() => index.Add([7, 3], [0, 0, 0, 0, 0, 0]));
        Assert.Contains("id 3 is already in the index", e.Message);
        Assert.Contains("Upsert", e.Message);
        Assert.Equal(5, index.Count);
        Assert.False(index.Contains(7));
    }

    [Fact]
    public void Add_Rejects_TheReservedIdMinusOne()
    {
        var e = Assert.Throws<InvalidInputException>(() => new HnswIndex(1).Add([-1], [1]));
        Assert.Contains("id −1 is reserved", e.Message);
    }

    [Fact]
    public void Constructor_Rejects_NonPositiveDimension_UnknownMetric_AndBadOptions()
    {
        Assert.Throws<InvalidInputException>(() => new HnswIndex(0));
        Assert.Throws<InvalidInputException>(() => new HnswIndex(3, (Metric)7));
        var e = Assert.Throws<InvalidInputException>(() => new HnswIndex(3, Metric.L2, new HnswOptions { M = 1 }));
        Assert.Equal("M", e.Field);
    }

    [Fact]
    public void Reserve_Rejects_ANegativeCapacity()
    {
        var e = Assert.Throws<InvalidInputException>(() => new HnswIndex(3).Reserve(-1));
        Assert.Equal("capacity", e.Field);
    }
}
