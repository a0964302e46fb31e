using Embedkit.Search;

namespace Embedkit.Tests.Search;

public partial class HnswIndexTests
{
    [Fact]
    public void RemoveThenReAdd_EachIdComesBackAsItsOwnNearest()
    {
        // Peer-reported regression (as for FlatIndex): remove 2, 1, 3, re-add 1, 2, 3 with their vectors, then search
        // each by its own vector: it must be its own top-1 at distance 0.
        long[] ids = [0, 1, 2, 3, 4];
        float[] V(long id) => [id, 2 * id, id * id];
        var index = new HnswIndex(3);
        index.Add(ids, [.. ids.SelectMany(V)]);
        Assert.Equal(3, index.Remove([2, 1, 3]));
        index.Add([1, 2, 3], [.. V(1), .. V(2), .. V(3)]);

        Assert.Equal(ids.Length, index.Count);
        foreach (long id in ids)
        {
            var found = index.Search(V(id), 1);
            Assert.Equal(id, found.Ids[0]);
            Assert.Equal(0f, found.Scores[0]);
        }
    }

    [Fact]
    public void RemoveAndAdd_KeepEveryIdMappedToItsVector()
    {
        // Peer-reported regression: add 0, 10, 20, 30, 40, remove 10 and 30, add 5, 15, 25, 35, 45 (the new vectors
        // reuse the freed slots): every id must still give its own vector through IVectorLookup and find itself.
        var index = new HnswIndex(3);
        float[] V(long id) => [id, id * 0.5f, -id];
        long[] first = [0, 10, 20, 30, 40], second = [5, 15, 25, 35, 45];
        index.Add(first, [.. first.SelectMany(V)]);
        Assert.Equal(2, index.Remove([10, 30]));
        index.Add(second, [.. second.SelectMany(V)]);

        long[] expected = [0, 20, 40, 5, 15, 25, 35, 45];
        IVectorLookup lookup = index.GetService<IVectorLookup>()!;
        Assert.Equal(expected.Order(), lookup.Ids.Order());
        var vector = new float[3];
        foreach (long id in expected)
        {
            Assert.True(lookup.TryGetVector(id, vector));
            Assert.Equal(V(id), vector);
            Assert.Equal(id, index.Search(V(id), 1).Ids[0]);
        }
        Assert.False(lookup.TryGetVector(10, vector));
        Assert.False(lookup.Contains(30));
        Assert.Equal(8, index.Count);
    }

    [Fact]
    public void Remove_ReusesFreedSlots_SoChurnDoesNotGrowTheStorage()
    {
        // 1000 vectors, then 10 rounds of removing 200 and adding 200 new ids: the storage must not grow past what
        // the first 1000 needed, and every live id must be found as its own nearest.
        const int n = 1000, d = 8;
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 1 }); // one thread: the same graph every run
        index.Reserve(n);
        var live = new Dictionary<long, float[]>();
        float[] data = BruteForce.Random(n, d, 81);
        for (int i = 0; i < n; i++) live[i] = data[(i * d)..((i + 1) * d)];
        index.Add(Range(n), data);
        long next = n;
        var random = new Random(82);
        for (int round = 0; round < 10; round++)
        {
            long[] gone = live.Keys.OrderBy(_ => random.Next()).Take(200).ToArray();
            Assert.Equal(200, index.Remove(gone));
            foreach (long id in gone) live.Remove(id);
            long[] fresh = Range(200, next);
            next += 200;
            float[] values = BruteForce.Random(200, d, 100 + round);
            index.Add(fresh, values);
            for (int i = 0; i < 200; i++) live[fresh[i]] = values[(i * d)..((i + 1) * d)];
        }

        Assert.Equal(n, index.Capacity);
        Assert.Equal(n, index.Count);
        long[] ids = live.Keys.ToArray();
        var found = index.Search(ids.SelectMany(id => live[id]).ToArray(), 1, new HnswSearchParameters { Ef = 32 });
        Assert.Equal(ids, found.Ids);
    }

    [Fact]
    public void Remove_NeverReturnsRemovedIds_AndKeepsRecallOfTheRestAtLeast095()
    {
        // 5,000 × 32 random vectors, 30% removed at random: no removed id may come back, and recall@10 of the
        // survivors against FlatIndex holding only the survivors must stay at least 0.95 at ef = 64 — the repair
        // reconnects the removed nodes' in-neighbours, so the graph keeps its quality (0.991 when written, the
        // same as a graph built afresh from the survivors).
        const int n = 5000, d = 32;
        float[] data = BruteForce.Random(n, d, 91);
        float[] queries = BruteForce.Random(200, d, 92);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 2 });
        index.Add(Range(n), data);
        var random = new Random(93);
        var removed = Range(n).Where(_ => random.NextDouble() < 0.3).ToHashSet();
        Assert.Equal(removed.Count, index.Remove(removed.ToArray()));

        long[] survivors = Range(n).Where(id => !removed.Contains(id)).ToArray();
        float[] kept = survivors.SelectMany(id => data.AsSpan((int)id * d, d).ToArray()).ToArray();
        var found = index.Search(queries, K, new HnswSearchParameters { Ef = 64 });
        double recall = RecallAgainstFlat(index, survivors, kept, queries, ef: 64);

        Assert.Equal(survivors.Length, index.Count);
        Assert.DoesNotContain(found.Ids, id => removed.Contains(id));
        Assert.True(recall >= 0.95, $"recall@10 after removing 30% = {recall:F4}, expected ≥ 0.95");
    }

    [Fact]
    public void Remove_TheEntryPoint_MovesItToALiveNodeOfTheHighestLevel()
    {
        // Removing every node of the top level forces new entry points; searches must go on finding live nodes.
        const int n = 2000, d = 8;
        float[] data = BruteForce.Random(n, d, 94);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 1 });
        index.Add(Range(n), data);
        for (int round = 0; round < 3 && index.Count > 0; round++)
        {
            int top = index.TopLevel;
            long[] atTop = Range(n).Where(id => index.Contains(id) && index.LevelOf(id) == top).ToArray();
            index.Remove(atTop);
            Assert.True(index.TopLevel <= top);
        }
        long[] live = Range(n).Where(index.Contains).ToArray();
        var found = index.Search(live.SelectMany(id => data.AsSpan((int)id * d, d).ToArray()).ToArray(), 1, new HnswSearchParameters { Ef = 64 });
        Assert.Equal(live, found.Ids);
    }

    [Fact]
    public void Remove_Everything_LeavesAnEmptyIndex_ThatTakesNewVectors()
    {
        var index = new HnswIndex(2);
        index.Add(Range(100), BruteForce.Random(100, 2, 95));
        Assert.Equal(100, index.Remove(Range(100)));
        Assert.Equal(0, index.Count);
        Assert.Equal(-1, index.TopLevel);
        Assert.Equal([-1L], index.Search([0, 0], 1).Ids);
        index.Add([7], [0.5f, 0.5f]);
        Assert.Equal([7L], index.Search([0, 0], 1).Ids);
    }

    [Fact]
    public void Remove_SkipsAbsentIds_AndCountsTheRemoved()
    {
        var index = new HnswIndex(1);
        index.Add(Range(5), [0, 1, 2, 3, 4]);
        Assert.Equal(2, index.Remove([4, 99, 4, 0]));
        Assert.Equal(3, index.Count);
        Assert.Equal(0, index.Remove([]));
    }

    [Fact]
    public void Upsert_ReplacesPresentIds_AndAddsNewOnes()
    {
        // VectorIndexExtensions.Upsert removes the present ids, then adds all: id 2 must now be found at (5, 5).
        var index = new HnswIndex(2);
        index.Add([1, 2], [0, 0, 1, 1]);
        Assert.Equal(1, index.Upsert([2, 3], [5, 5, 7, 7]));
        var vector = new float[2];
        Assert.True(index.TryGetVector(2, vector));
        Assert.Equal([5f, 5f], vector);
        Assert.Equal(3, index.Count);
        Assert.Equal(2L, index.Search([5, 5], 1).Ids[0]);
    }

    [Fact]
    public void Upsert_ChangesNothing_WhenTheBatchIsInvalid()
    {
        var index = new HnswIndex(2);
        index.Add([1, 2], [0, 0, 1, 1]);
        Assert.Throws<InvalidInputException>(() => index.Upsert([2, 3], [5, 5, float.NaN, 7]));
        Assert.Equal(2, index.Count);
        Assert.True(index.Contains(2));
    }
}
