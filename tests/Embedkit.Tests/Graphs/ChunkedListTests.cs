using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

public class ChunkedListTests
{
    [Fact]
    public void TryAdd_StaysInOneSmallChunk_ForFewItems()
    {
        // 3 items: one chunk whose span holds exactly 3 items, 0, 10, 20.
        var list = new ChunkedList<int>();
        for (int i = 0; i < 3; i++) Assert.True(list.TryAdd(i * 10));
        Assert.Equal(3, list.Count);
        Assert.Equal(1, list.ChunkCount);
        Assert.Equal([0, 10, 20], list.Chunk(0).ToArray());
        Assert.Equal(20, list[2]);
    }

    [Fact]
    public void TryAdd_StartsNewChunk_PastChunkSize()
    {
        // ChunkSize + 5 items with value = position: chunk 0 full, chunk 1 holds the last 5; item i is i.
        int n = ChunkedList<int>.ChunkSize + 5;
        var list = new ChunkedList<int>();
        for (int i = 0; i < n; i++) list.TryAdd(i);
        Assert.Equal(n, list.Count);
        Assert.Equal(2, list.ChunkCount);
        Assert.Equal(ChunkedList<int>.ChunkSize, list.Chunk(0).Length);
        Assert.Equal(5, list.Chunk(1).Length);
        Assert.Equal(ChunkedList<int>.ChunkSize, list.Chunk(1)[0]);
        for (int i = 0; i < n; i += 4099) Assert.Equal(i, list[i]);
        Assert.Equal(n - 1, list[n - 1]);
        Assert.Equal(ChunkedList<int>.ChunkSize - 1, list[ChunkedList<int>.ChunkSize - 1]);
    }

    [Fact]
    public void Clear_EmptiesTheList_AndItCanBeReused()
    {
        var list = new ChunkedList<long>();
        for (int i = 0; i < 5000; i++) list.TryAdd(i);
        list.Clear();
        Assert.Equal(0, list.Count);
        Assert.Equal(0, list.ChunkCount);
        list.TryAdd(42);
        Assert.Equal(42, list[0]);
        Assert.Equal(1, list.Count);
    }
}
