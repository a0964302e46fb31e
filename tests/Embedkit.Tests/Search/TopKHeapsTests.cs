using Embedkit.Search;

namespace Embedkit.Tests.Search;

public class TopKHeapsTests
{
    [Fact]
    public void Drain_Returns_TheKLowestKeys_BestFirst()
    {
        // Keys 9, 1, 8, 2, 7, 3 offered to a heap of 3: the 3 lowest are 1, 2, 3 (slots 1, 3, 5).
        long[] ids = [0, 1, 2, 3, 4, 5];
        var heaps = new TopKHeaps(1, 3, ids);
        float[] keys = [9, 1, 8, 2, 7, 3];
        for (int s = 0; s < keys.Length; s++) heaps.Offer(0, keys[s], s);

        var slots = new int[3];
        var kept = new float[3];
        Assert.Equal(3, heaps.Drain(0, slots, kept));
        Assert.Equal([1, 3, 5], slots);
        Assert.Equal([1f, 2f, 3f], kept);
    }

    [Fact]
    public void Offer_BreaksEqualKeys_ByTheLowerId()
    {
        // Slots 0..3 all have key 5; their ids are 40, 10, 30, 20, so a heap of 2 keeps ids 10 and 20.
        long[] ids = [40, 10, 30, 20];
        var heaps = new TopKHeaps(1, 2, ids);
        for (int s = 0; s < 4; s++) heaps.Offer(0, 5f, s);

        var slots = new int[2];
        heaps.Drain(0, slots, new float[2]);
        Assert.Equal([10L, 20L], slots.Select(s => ids[s]));
    }

    [Fact]
    public void Threshold_IsInfinite_UntilFull_ThenTheWorstKeptKey()
    {
        var heaps = new TopKHeaps(2, 2, [0, 1, 2]);
        Assert.Equal(float.PositiveInfinity, heaps.Threshold(1));
        heaps.Offer(1, 4f, 0);
        Assert.Equal(float.PositiveInfinity, heaps.Threshold(1));
        heaps.Offer(1, 6f, 1);
        Assert.Equal(6f, heaps.Threshold(1));
        heaps.Offer(1, 5f, 2);
        Assert.Equal(5f, heaps.Threshold(1));
        Assert.Equal(float.PositiveInfinity, heaps.Threshold(0)); // queries do not share heaps
    }
}
