namespace Embedkit.Tests;

public class EmbeddingSetTests
{
    [Fact]
    public void Constructor_Rejects_DataOfWrongLength()
    {
        // 2 ids × 3 dims needs 6 values; 5 is one short.
        Assert.Throws<ArgumentException>(() => new EmbeddingSet(["a", "b"], 3, new float[5], Provenance.Imported(null)));
    }

    [Fact]
    public void Row_Returns_TheRowSlice()
    {
        var set = new EmbeddingSet(["a", "b"], 2, [1, 2, 3, 4], Provenance.Imported(null));
        Assert.Equal([3f, 4f], set.Row(1).ToArray());
    }
}

public class CsrGraphTests
{
    [Fact]
    public void Constructor_Rejects_TargetOutsideTheNodes()
    {
        // Two nodes, one arc 0 → 2: node 2 does not exist.
        Assert.Throws<ArgumentException>(() => new Embedkit.Graphs.CsrGraph(["a", "b"], [0, 1, 1], [2], null, directed: true));
    }

    [Fact]
    public void Degrees_AreArcCountsAndWeightSums()
    {
        // 0 → 1 (w 2), 0 → 2 (w 0.5), 2 → 0 (w 1): out-degrees 2, 0, 1; weighted 2.5, 0, 1.
        var g = new Embedkit.Graphs.CsrGraph(["a", "b", "c"], [0, 2, 2, 3], [1, 2, 0], [2f, 0.5f, 1f], directed: true);
        Assert.Equal([2, 0, 1], new[] { g.OutDegree(0), g.OutDegree(1), g.OutDegree(2) });
        Assert.Equal(2.5, g.WeightedOutDegree(0));
        Assert.Equal(0, g.WeightedOutDegree(1));
    }
}
