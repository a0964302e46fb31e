using System.Collections.Concurrent;
using Embedkit.Search;

namespace Embedkit.Tests.Search;

public partial class HnswIndexTests
{
    [Fact]
    public void ConcurrentAddsAndSearches_NeverThrow_ReturnOnlyValidIds_AndEndWithFullRecall()
    {
        // Four writers add 1,000 vectors each in batches of 25 (through Reserve-free growth) while two readers search
        // without pause. Expected: no exception, every id returned is −1 or one of the ids being added, scores finite
        // where an id is returned; afterwards every vector is present and recall@10 against FlatIndex is ≥ 0.95, as for
        // a sequential build (hnswlib cannot search while inserting; this index can).
        const int writers = 4, perWriter = 1000, batch = 25, d = 16;
        int n = writers * perWriter;
        float[] data = BruteForce.Random(n, d, 101);
        float[] queries = BruteForce.Random(64, d, 102);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 1 });
        var errors = new ConcurrentQueue<Exception>();
        int searches = 0;
        using var done = new CancellationTokenSource();

        void Reader()
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    var found = index.Search(queries, K, new HnswSearchParameters { Ef = 32, Threads = 1 });
                    for (int i = 0; i < found.Ids.Length; i++)
                    {
                        long id = found.Ids[i];
                        if (id == -1) continue;
                        if (id < 0 || id >= n || !float.IsFinite(found.Scores[i])) throw new InvalidOperationException($"invalid result {id} ({found.Scores[i]})");
                    }
                    Interlocked.Increment(ref searches);
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        }

        void Writer(int w)
        {
            try
            {
                for (int first = w * perWriter; first < (w + 1) * perWriter; first += batch)
                    index.Add(Range(batch, first), data.AsSpan(first * d, batch * d));
            }
            catch (Exception e) { errors.Enqueue(e); }
        }

        // Dedicated threads, so that they really run side by side whatever the thread pool does.
        Thread[] readers = [Start(Reader), Start(Reader)];
        Thread[] adders = Enumerable.Range(0, writers).Select(w => Start(() => Writer(w))).ToArray();
        foreach (Thread t in adders) t.Join();
        done.Cancel();
        foreach (Thread t in readers) t.Join();

        Assert.Empty(errors);
        Assert.True(searches > 0);
        Assert.Equal(n, index.Count);
        Assert.Equal(Range(n), index.Ids.Order());
        double recall = RecallAgainstFlat(index, Range(n), data, queries, ef: 64);
        Assert.True(recall >= 0.95, $"recall@10 after concurrent adds = {recall:F4}, expected ≥ 0.95");
        var self = index.Search(data, 1, new HnswSearchParameters { Ef = 64 });
        Assert.True(self.Ids.Where((id, i) => id == i).Count() >= n * 0.995, "each vector should be its own nearest");
    }

    [Fact]
    public void ParallelBatchAdd_BuildsAGraphAsGoodAsOneThread()
    {
        // Threads = 2 inserts the batch concurrently; the graph differs from a one-thread build but its recall@10
        // against FlatIndex must be as high (≥ 0.95 at ef = 64) and every vector must be present.
        const int n = 4000, d = 16;
        float[] data = BruteForce.Random(n, d, 103);
        float[] queries = BruteForce.Random(100, d, 104);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 2 });
        index.Add(Range(n), data);
        Assert.Equal(n, index.Count);
        double recall = RecallAgainstFlat(index, Range(n), data, queries, ef: 64);
        Assert.True(recall >= 0.95, $"recall@10 = {recall:F4}");
    }

    [Fact]
    public void SearchesDuringARemoval_NeverThrow_AndReturnOnlyValidIds()
    {
        // A reader searches while half of the vectors are removed (the repair runs while searches go on).
        const int n = 3000, d = 8;
        float[] data = BruteForce.Random(n, d, 105);
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 2 });
        index.Add(Range(n), data);
        var errors = new ConcurrentQueue<Exception>();
        using var done = new CancellationTokenSource();
        Thread reader = Start(() =>
        {
            try
            {
                float[] queries = BruteForce.Random(32, d, 106);
                while (!done.IsCancellationRequested)
                {
                    var found = index.Search(queries, K, new HnswSearchParameters { Threads = 1 });
                    if (found.Ids.Any(id => id < -1 || id >= n)) throw new InvalidOperationException("invalid id");
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        });
        for (int i = 0; i < 5; i++) index.Remove(Range(n / 10, i * (n / 10)));
        done.Cancel();
        reader.Join();

        Assert.Empty(errors);
        Assert.Equal(n / 2, index.Count);
        var after = index.Search(BruteForce.Random(32, d, 107), K);
        Assert.All(after.Ids, id => Assert.True(id >= n / 2, $"removed id {id} returned"));
    }

    [Fact]
    public void ConcurrentAdds_OfTheSameId_LetExactlyOneSucceed()
    {
        // The check for present ids and the slot allocation are one step under a lock, so two racing adds of
        // id 42 cannot both succeed; the loser gets the usual "already in the index" error and adds nothing.
        for (int round = 0; round < 20; round++)
        {
            var index = new HnswIndex(2);
            int ok = 0, refused = 0;
            Parallel.For(0, 4, _ =>
            {
                try
                {
                    index.Add([42], [1, 2]);
                    Interlocked.Increment(ref ok);
                }
                catch (InvalidInputException e) when (e.Message.Contains("id 42 is already in the index"))
                {
                    Interlocked.Increment(ref refused);
                }
            });
            Assert.Equal(1, ok);
            Assert.Equal(3, refused);
            Assert.Equal(1, index.Count);
        }
    }

    private static Thread Start(Action work)
    {
        var thread = new Thread(() => work()) { IsBackground = true };
        thread.Start();
        return thread;
    }
}
