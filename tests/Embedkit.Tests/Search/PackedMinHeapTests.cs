using Embedkit.Search;

namespace Embedkit.Tests.Search;

public class PackedMinHeapTests
{
    [Fact]
    public void Pack_OrdersByDistance_ThenBySlot_ForNegativeZeroAndPositiveDistances()
    {
        // Expected order: by the float value (−∞ < −2 < −0 ≤ +0 < 1e-30 < 3 < +∞), then by slot.
        (float D, int S)[] ascending = [(float.NegativeInfinity, 9), (-2f, 1), (-2f, 4), (-0f, 0), (0f, 0), (1e-30f, 7), (3f, 2), (3f, 3), (float.PositiveInfinity, 0)];
        for (int i = 1; i < ascending.Length; i++)
            Assert.True(PackedMinHeap.Pack(ascending[i - 1].D, ascending[i - 1].S) < PackedMinHeap.Pack(ascending[i].D, ascending[i].S), $"pair {i}");
        foreach (var (d, s) in ascending)
        {
            ulong key = PackedMinHeap.Pack(d, s);
            Assert.Equal(BitConverter.SingleToInt32Bits(d), BitConverter.SingleToInt32Bits(PackedMinHeap.Distance(key)));
            Assert.Equal(s, PackedMinHeap.Slot(key));
        }
    }

    [Fact]
    public void PushAndPop_GiveTheKeysInAscendingOrder_AndGrowPastTheInitialCapacity()
    {
        // Expected: the same keys sorted (a heap sort), for 1000 random keys pushed into a heap of capacity 4.
        var random = new Random(5);
        ulong[] keys = Enumerable.Range(0, 1000).Select(_ => (ulong)random.NextInt64()).ToArray();
        var heap = new PackedMinHeap(4);
        foreach (ulong k in keys) heap.Push(k);
        Assert.Equal(1000, heap.Count);
        var popped = new List<ulong>();
        while (heap.Count > 0) popped.Add(heap.Pop());
        Assert.Equal(keys.Order(), popped);
    }

    [Fact]
    public void ReplaceTop_IsPopThenPush()
    {
        // Keys 5, 1, 9; replacing the top (1) by 7 leaves 5, 7, 9.
        var heap = new PackedMinHeap(4);
        foreach (ulong k in new ulong[] { 5, 1, 9 }) heap.Push(k);
        heap.ReplaceTop(7);
        Assert.Equal([5UL, 7UL, 9UL], new[] { heap.Pop(), heap.Pop(), heap.Pop() });
    }
}
