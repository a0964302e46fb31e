using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Embedkit.Search;

public sealed unsafe partial class HnswIndex
{
    /// <summary>Queries a search worker takes at a time.</summary>
    private const int QueriesPerTake = 8;

    /// <summary>The ef of a search whose parameters are not <see cref="HnswSearchParameters"/>.</summary>
    private static readonly int DefaultEf = new HnswSearchParameters().Ef;

    /// <inheritdoc/>
    /// <remarks>
    /// Pass <see cref="HnswSearchParameters"/> to set ef (default 64; max(ef, k) is used) and a filter. Each
    /// query descends greedily from the entry point to layer 1, then runs hnswlib's best-first layer-0 search
    /// (<c>searchBaseLayerST</c>) with ef candidates; removed vectors and those the filter rejects are traversed
    /// but not kept. The best k found are scored exactly as <see cref="FlatIndex"/> scores them and ordered by
    /// that score, then by the lower id. Queries are spread over <see cref="SearchParameters.Threads"/> threads;
    /// each query's result does not depend on it. Searches may run while vectors are added. An exception thrown
    /// by the filter propagates unchanged (the first one, when several threads throw).
    /// </remarks>
    public void Search(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, SearchParameters? parameters = null)
    {
        int n = VectorChecks.CheckSearch(queries, k, ids.Length, scores.Length, Dimension);
        parameters ??= SearchParameters.Default;
        parameters.Validate();
        VectorChecks.CheckRows(queries, Dimension, Metric, "queries");
        if (n == 0) return;
        var hnsw = parameters as HnswSearchParameters;
        int ef = Math.Max(hnsw?.Ef ?? DefaultEf, k);
        Func<long, bool>? filter = hnsw?.Filter;
        int workers = Math.Min(parameters.EffectiveThreads, (n + QueriesPerTake - 1) / QueriesPerTake);
        int d = Dimension;
        fixed (float* q = queries)
        fixed (long* i = ids)
        fixed (float* s = scores)
        {
            nint qp = (nint)q, ip = (nint)i, sp = (nint)s;
            int next = -QueriesPerTake;
            void Work()
            {
                HnswScratch scratch = RentScratch();
                int first;
                while ((first = Interlocked.Add(ref next, QueriesPerTake)) < n)
                {
                    int last = Math.Min(n, first + QueriesPerTake);
                    for (int row = first; row < last; row++)
                    {
                        SearchOne(
                            new ReadOnlySpan<float>((float*)qp + (long)row * d, d), k, ef, filter,
                            new Span<long>((long*)ip + (long)row * k, k),
                            new Span<float>((float*)sp + (long)row * k, k),
                            scratch);
                    }
                }
                ReturnScratch(scratch);
            }
            if (workers <= 1)
            {
                Work();
                return;
            }
            try
            {
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
            }
            catch (AggregateException e)
            {
                // A filter's exception reaches the caller as itself, whatever the thread count.
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
    }

    /// <summary>Searches one query and writes its k results (then −1 and the worst score).</summary>
    private void SearchOne(ReadOnlySpan<float> query, int k, int ef, Func<long, bool>? filter, Span<long> ids, Span<float> scores, HnswScratch scratch)
    {
        _storage.EnterReadLock();
        try
        {
            int found;
            if (_codec is not null)
            {
                found = 0;
                if (EntrySlot(Volatile.Read(ref _entry)) >= 0)
                {
                    SetCodedQuery(scratch, query);
                    found = SearchGraph<HnswCodeDistance>(scratch, ef, filter);
                }
                RankCoded(scratch, found, k, ids, scores);
                return;
            }
            PrepareQuery(query, scratch.Query);
            found = Metric == Metric.L2
                ? SearchGraph<HnswL2Distance>(scratch, ef, filter)
                : SearchGraph<HnswDotDistance>(scratch, ef, filter);
            Rank(scratch, found, k, ids, scores);
        }
        finally { _storage.ExitReadLock(); }
    }

    /// <summary>Copies a query into the scratch row: normalised under cosine (as <see cref="FlatIndex"/> does), zero-padded.</summary>
    private void PrepareQuery(ReadOnlySpan<float> query, float* row)
    {
        int d = Dimension;
        var target = new Span<float>(row, _stride);
        if (Metric == Metric.Cosine)
        {
            double norm = Math.Sqrt(VectorChecks.SquaredNorm(query));
            for (int c = 0; c < d; c++) target[c] = (float)(query[c] / norm);
        }
        else
        {
            query.CopyTo(target);
        }
        target[d..].Clear();
    }

    /// <summary>Greedy descent to layer 1, then the layer-0 search; leaves the results sorted in the scratch and returns how many.</summary>
    private int SearchGraph<TDistance>(HnswScratch scratch, int ef, Func<long, bool>? filter) where TDistance : struct, IHnswDistance
    {
        long entry = Volatile.Read(ref _entry);
        int ep = EntrySlot(entry);
        if (ep < 0) return 0;
        float* q = scratch.Query;
        float distance = TDistance.Coded ? CodeDistance(scratch, ep) : TDistance.One(q, Vector(ep), _stride);
        for (int level = EntryLevel(entry); level > 0; level--) Greedy<TDistance>(q, ref ep, ref distance, level, scratch);
        SearchLayer<TDistance>(scratch, q, ep, distance, ef, 0, filter);
        return SortResults(scratch);
    }

    /// <summary>
    /// hnswlib's upper-layer step: move to the nearest neighbour of the current node while that is nearer to
    /// <paramref name="q"/>, on one layer.
    /// </summary>
    private void Greedy<TDistance>(float* q, ref int ep, ref float distance, int level, HnswScratch scratch) where TDistance : struct, IHnswDistance
    {
        int used = _used;
        scratch.EnsurePending(_m);
        int[] pending = scratch.Pending;
        bool changed = true;
        while (changed)
        {
            changed = false;
            ref int list = ref Links(ep, level);
            if (Unsafe.IsNullRef(ref list)) return;
            int count = Math.Min(Volatile.Read(ref list), _m);
            int n = 0;
            for (int j = 1; j <= count; j++)
            {
                int slot = Unsafe.Add(ref list, j);
                if ((uint)slot < (uint)used) pending[n++] = slot;
            }
            fixed (int* p = pending)
            fixed (float* d = scratch.Distances)
            {
                if (TDistance.Coded) CodeDistances(scratch, p, n, d);
                else DistancesTo<TDistance>(q, p, n, d);
                for (int j = 0; j < n; j++)
                {
                    if (d[j] < distance)
                    {
                        distance = d[j];
                        ep = p[j];
                        changed = true;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The best-first search of one layer (the paper's Algorithm 2; hnswlib's <c>searchBaseLayer</c> and
    /// <c>searchBaseLayerST</c>): expand the nearest unexpanded candidate while it is nearer than the worst of the
    /// <paramref name="ef"/> best found. Removed nodes and those <paramref name="filter"/> rejects are expanded but
    /// not kept, and while any such node may be met the search only stops with ef nodes kept. The unvisited
    /// neighbours of a node are gathered first and their vectors prefetched, then their distances are computed
    /// four at a time. The results stay in the scratch's result heap.
    /// </summary>
    private void SearchLayer<TDistance>(HnswScratch scratch, float* q, int ep, float epDistance, int ef, int level, Func<long, bool>? filter)
        where TDistance : struct, IHnswDistance
    {
        int used = _used;
        ushort epoch = scratch.NewEpoch(_capacity);
        PackedMinHeap candidates = scratch.Candidates;
        PackedMinHeap results = scratch.Results;
        candidates.Clear();
        results.Clear();
        byte[] deleted = _deleted;
        long[] idOf = _ids;
        bool screening = filter is not null || Volatile.Read(ref _tombstones) > 0;
        int max = MaxLinks(level);
        scratch.EnsurePending(max);
        fixed (ushort* visited = scratch.Visited)
        fixed (int* pending = scratch.Pending)
        fixed (float* distances = scratch.Distances)
        {
            visited[ep] = epoch;
            float bound = float.PositiveInfinity;
            if (deleted[ep] == 0 && (filter is null || filter(idOf[ep])))
            {
                results.Push(~PackedMinHeap.Pack(epDistance, ep));
                bound = epDistance;
            }
            candidates.Push(PackedMinHeap.Pack(epDistance, ep));
            while (candidates.Count > 0)
            {
                ulong next = candidates.Top;
                if (PackedMinHeap.Distance(next) > bound && (results.Count >= ef || !screening)) break;
                candidates.Pop();
                ref int list = ref Links(PackedMinHeap.Slot(next), level);
                if (Unsafe.IsNullRef(ref list)) continue;
                int count = Math.Min(Volatile.Read(ref list), max);
                int n = 0;
                for (int j = 1; j <= count; j++)
                {
                    int slot = Unsafe.Add(ref list, j);
                    if ((uint)slot >= (uint)used || visited[slot] == epoch) continue;
                    visited[slot] = epoch;
                    pending[n++] = slot;
                    if (TDistance.Coded) DistanceKernels.Prefetch(Code(slot));
                    else DistanceKernels.Prefetch(Vector(slot));
                }
                if (TDistance.Coded) CodeDistances(scratch, pending, n, distances);
                else DistancesTo<TDistance>(q, pending, n, distances);
                for (int j = 0; j < n; j++)
                {
                    float distance = distances[j];
                    if (results.Count < ef || distance < bound)
                    {
                        int slot = pending[j];
                        candidates.Push(PackedMinHeap.Pack(distance, slot));
                        if (deleted[slot] == 0 && (filter is null || filter(idOf[slot])))
                        {
                            ulong key = ~PackedMinHeap.Pack(distance, slot);
                            if (results.Count < ef) results.Push(key);
                            else results.ReplaceTop(key);
                            bound = PackedMinHeap.Distance(~results.Top);
                        }
                    }
                }
                // The next node to expand is most likely the top candidate: start loading its list.
                if (candidates.Count > 0) DistanceKernels.Prefetch(Unsafe.AsPointer(ref Links(PackedMinHeap.Slot(candidates.Top), level)));
            }
        }
    }

    /// <summary>
    /// Coded: the scores are the codec's asymmetric scores that navigated the graph (as <see cref="CodecFlatIndex"/>
    /// scores); writes the best k by that score and then by id.
    /// </summary>
    private void RankCoded(HnswScratch scratch, int found, int k, Span<long> ids, Span<float> scores)
    {
        ulong[] sorted = scratch.Sorted;
        Span<(double Score, long Id)> ranked = scratch.RankedFor(found).AsSpan(0, found);
        for (int j = 0; j < found; j++) ranked[j] = (PackedMinHeap.Distance(sorted[j]), _ids[PackedMinHeap.Slot(sorted[j])]);
        ranked.Sort(static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Id.CompareTo(b.Id));
        int take = Math.Min(k, found);
        for (int j = 0; j < take; j++)
        {
            ids[j] = ranked[j].Id;
            scores[j] = (float)(_similarity ? -ranked[j].Score : ranked[j].Score);
        }
        ids[take..].Fill(VectorChecks.NoId);
        scores[take..].Fill(Metric.ScoreKind().WorstScore());
    }

    /// <summary>
    /// Scores the best found exactly, as <see cref="FlatIndex"/> does (double precision, rounded to float32 once),
    /// and writes the best k by that score and then by id. Candidates within rounding of the k-th navigation
    /// distance are scored too, so that near-ties are ordered by the exact score.
    /// </summary>
    private void Rank(HnswScratch scratch, int found, int k, Span<long> ids, Span<float> scores)
    {
        ulong[] sorted = scratch.Sorted;
        int take = Math.Min(k, found);
        int m = take;
        if (take > 0)
        {
            float kth = PackedMinHeap.Distance(sorted[take - 1]);
            float limit = kth + Math.Abs(kth) * 1e-4f;
            while (m < found && PackedMinHeap.Distance(sorted[m]) <= limit) m++;
        }
        Span<(double Score, long Id)> ranked = scratch.RankedFor(m).AsSpan(0, m);
        bool l2 = Metric == Metric.L2;
        float* query = scratch.Query;
        for (int j = 0; j < m; j++)
        {
            int slot = PackedMinHeap.Slot(sorted[j]);
            double score = l2 ? ExactKernels.SquaredDistance(query, Vector(slot), Dimension) : -ExactKernels.Dot(query, Vector(slot), Dimension);
            ranked[j] = (score, _ids[slot]);
        }
        ranked.Sort(static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Id.CompareTo(b.Id));
        for (int j = 0; j < take; j++)
        {
            ids[j] = ranked[j].Id;
            scores[j] = (float)(l2 ? ranked[j].Score : -ranked[j].Score);
        }
        ids[take..].Fill(VectorChecks.NoId);
        scores[take..].Fill(Metric.ScoreKind().WorstScore());
    }
}
