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
