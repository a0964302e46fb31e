namespace Embedkit.Search;

/// <summary>
/// The parallel loop over queries shared by the indexes that search one query at a time (codec scans, IVF):
/// workers take a few queries at once from a shared counter, each with its own <see cref="IQueryWorker"/>
/// (heaps and buffers made once per call), and write each query's row of the caller's outputs.
/// </summary>
internal static class QueryWorkers
{
    /// <summary>Queries a worker takes at once from the shared counter, unless the caller says otherwise.</summary>
    public const int DefaultQueriesPerTake = 8;

    /// <summary>
    /// Runs every query of <paramref name="queries"/> (n × d) through a worker made by <paramref name="create"/>, on up
    /// to <paramref name="threads"/> threads, <paramref name="perTake"/> queries per take.
    /// </summary>
    public static unsafe void Run<TWorker>(ReadOnlySpan<float> queries, int d, int k, Span<long> ids, Span<float> scores, int threads, Func<TWorker> create,
        int perTake = DefaultQueriesPerTake)
        where TWorker : IQueryWorker
    {
        int QueriesPerTake = perTake;
        int n = queries.Length / d;
        int takes = (n + QueriesPerTake - 1) / QueriesPerTake;
        int workers = Math.Min(threads, takes);
        fixed (float* q = queries)
        fixed (long* i = ids)
        fixed (float* s = scores)
        {
            nint qp = (nint)q, ip = (nint)i, sp = (nint)s;
            int next = -1;
            void Work()
            {
                TWorker worker = create();
                int take;
                while ((take = Interlocked.Increment(ref next)) < takes)
                {
                    int first = take * QueriesPerTake, last = Math.Min(n, first + QueriesPerTake);
                    worker.Begin(new ReadOnlySpan<float>((float*)qp + (long)first * d, (last - first) * d));
                    for (int query = first; query < last; query++)
                    {
                        worker.Run(query - first, new ReadOnlySpan<float>((float*)qp + (long)query * d, d),
                            new Span<long>((long*)ip + (long)query * k, k),
                            new Span<float>((float*)sp + (long)query * k, k));
                    }
                }
            }
            if (workers <= 1) Work();
            else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }
    }
}

/// <summary>One worker's state for <see cref="QueryWorkers.Run"/>: searches one query into its rows of the outputs.</summary>
internal interface IQueryWorker
{
    /// <summary>Sees a take's queries (row-major) before they are run one by one, to do work shared by the take; may do nothing.</summary>
    void Begin(ReadOnlySpan<float> queries);

    /// <summary>Writes the best k of <paramref name="query"/>, row <paramref name="row"/> of the take, into <paramref name="ids"/> and <paramref name="scores"/> (k each).</summary>
    void Run(int row, ReadOnlySpan<float> query, Span<long> ids, Span<float> scores);
}
