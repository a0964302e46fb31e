using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Embedkit.Search;

public sealed unsafe partial class HnswIndex
{
    /// <summary>Slots a repair worker takes at a time.</summary>
    private const int RepairChunk = 256;

    /// <summary>Marks sentinel: a candidate already taken by the heuristic pass of a repair.</summary>
    private const ulong Taken = ulong.MaxValue;

    /// <inheritdoc/>
    /// <remarks>
    /// Waits for running adds, marks the vectors deleted (searches from then on pass through them but never return
    /// them), then repairs the graph on <see cref="HnswOptions.Threads"/> threads while searches go on: each node
    /// that links to a removed node keeps its other links, and the removed nodes' own neighbours on that layer
    /// (and theirs, when those are removed too and places are left) are candidates for the freed places, taken
    /// nearest first when the paper's heuristic accepts them against the links kept, then nearest first until the
    /// node has as many links as before. A node left without any link is inserted again. A removed entry point is
    /// replaced by the live node of highest level. The removed slots are then free for later adds.
    /// </remarks>
    public int Remove(ReadOnlySpan<long> ids)
    {
        if (ids.IsEmpty) return 0;
        _writers.EnterWriteLock();
        try
        {
            var removed = new List<int>();
            _storage.EnterWriteLock();
            try
            {
                foreach (long id in ids)
                {
                    if (!_slotOf.Remove(id, out int slot)) continue;
                    _deleted[slot] = 1;
                    removed.Add(slot);
                }
                _count -= removed.Count;
                _tombstones = removed.Count;
            }
            finally { _storage.ExitWriteLock(); }
            if (removed.Count == 0) return 0;

            _storage.EnterReadLock();
            try
            {
                if (_codec is not null) Repair<HnswCodeDistance>();
                else if (Metric == Metric.L2) Repair<HnswL2Distance>();
                else Repair<HnswDotDistance>();
                // Lowest slot on top, so that later adds fill the lowest free slots first.
                removed.Sort();
                for (int i = removed.Count - 1; i >= 0; i--) _freeSlots.Push(removed[i]);
            }
            finally
            {
                Volatile.Write(ref _tombstones, 0);
                _storage.ExitReadLock();
            }
            return removed.Count;
        }
        finally { _writers.ExitWriteLock(); }
    }

    /// <summary>Reconnects every live node that links to a deleted one, moves the entry point off a deleted node, and re-inserts nodes left without links.</summary>
    private void Repair<TDistance>() where TDistance : struct, IHnswDistance
    {
        int used = _used;
        int chunks = (used + RepairChunk - 1) / RepairChunk;
        int workers = Math.Min(_options.EffectiveThreads, chunks);
        var isolated = new List<int>();
        int next = -1;
        void Work()
        {
            HnswScratch scratch = RentScratch();
            var mine = new List<int>();
            int chunk;
            while ((chunk = Interlocked.Increment(ref next)) < chunks)
            {
                int end = Math.Min(used, (chunk + 1) * RepairChunk);
                for (int slot = chunk * RepairChunk; slot < end; slot++)
                {
                    if (_deleted[slot] == 0 && !RepairNode<TDistance>(slot, scratch)) mine.Add(slot);
                }
            }
            ReturnScratch(scratch);
            lock (isolated) isolated.AddRange(mine);
        }
        if (workers <= 1) Work();
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());

        MoveEntryPoint();
        if (isolated.Count == 0) return;
        isolated.Sort();
        HnswScratch relink = RentScratch();
        foreach (int slot in isolated) Relink<TDistance>(slot, relink);
        ReturnScratch(relink);
    }

    /// <summary>
    /// Repairs the lists of live node <paramref name="node"/> that hold deleted nodes (see <see cref="Remove"/>);
    /// false when its layer-0 list ends up empty.
    /// </summary>
    private bool RepairNode<TDistance>(int node, HnswScratch scratch) where TDistance : struct, IHnswDistance
    {
        byte[] deleted = _deleted;
        bool linked = true;
        float* four = stackalloc float[4];
        for (int level = _levels[node]; level >= 0; level--)
        {
            ref int list = ref Links(node, level);
            if (Unsafe.IsNullRef(ref list)) continue;
            int max = MaxLinks(level);
            int count = Math.Min(list, max);
            var links = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref list, 1), count);
            bool touched = false;
            foreach (int slot in links) touched |= deleted[slot] != 0;
            if (!touched)
            {
                if (level == 0 && count == 0 && _count > 1) linked = false;
                continue;
            }

            ushort epoch = scratch.NewEpoch(_capacity);
            ushort[] visited = scratch.Visited;
            visited[node] = epoch;
            int[] chosen = scratch.Selected;
            int kept = 0;
            foreach (int slot in links)
            {
                visited[slot] = epoch;
                if (deleted[slot] == 0) chosen[kept++] = slot;
            }

            // Candidates: the live neighbours of the removed neighbours; one hop further when places are left.
            int n = 0;
            List<int> hops = scratch.Hops;
            hops.Clear();
            foreach (int slot in links)
            {
                if (deleted[slot] != 0) Gather(slot, level, max, visited, epoch, scratch, ref n, hops);
            }
            if (kept + n < max)
            {
                foreach (int slot in hops) Gather(slot, level, max, visited, epoch, scratch, ref n, hops: null);
            }

            int total = kept;
            if (n > 0)
            {
                fixed (int* p = scratch.Pending)
                fixed (float* d = scratch.Distances)
                    NodeDistances<TDistance>(node, p, n, d);
                ulong[] sorted = scratch.SortedFor(n);
                for (int i = 0; i < n; i++) sorted[i] = PackedMinHeap.Pack(scratch.Distances[i], scratch.Pending[i]);
                sorted.AsSpan(0, n).Sort();
                n = Math.Min(n, _efConstruction);

                for (int i = 0; i < n && total < max; i++)
                {
                    int candidate = PackedMinHeap.Slot(sorted[i]);
                    if (!IsDiverse<TDistance>(candidate, PackedMinHeap.Distance(sorted[i]), chosen, total, four)) continue;
                    chosen[total++] = candidate;
                    sorted[i] = Taken;
                }
                // Keep the degree the node had: fill with the nearest candidates the heuristic passed over.
                for (int i = 0; i < n && total < count; i++)
                {
                    if (sorted[i] != Taken) chosen[total++] = PackedMinHeap.Slot(sorted[i]);
                }
            }

            lock (_nodeLocks[node & (Stripes - 1)])
            {
                for (int i = 0; i < total; i++) Unsafe.Add(ref list, 1 + i) = chosen[i];
                Volatile.Write(ref list, total);
            }
            if (level == 0 && total == 0 && _count > 1) linked = false;
        }
        return linked;
    }

    /// <summary>
    /// Adds the unvisited live neighbours of <paramref name="removed"/> on <paramref name="level"/> to the candidates
    /// (<see cref="HnswScratch.Pending"/>), and its unvisited removed neighbours to <paramref name="hops"/> when given.
    /// </summary>
    private void Gather(int removed, int level, int max, ushort[] visited, ushort epoch, HnswScratch scratch, ref int n, List<int>? hops)
    {
        ref int list = ref Links(removed, level);
        if (Unsafe.IsNullRef(ref list)) return;
        int count = Math.Min(list, max);
        int used = _used;
        for (int j = 1; j <= count; j++)
        {
            int slot = Unsafe.Add(ref list, j);
            if ((uint)slot >= (uint)used || visited[slot] == epoch) continue;
            visited[slot] = epoch;
            if (_deleted[slot] == 0)
            {
                scratch.EnsurePending(n + 1);
                scratch.Pending[n++] = slot;
            }
            else
            {
                hops?.Add(slot);
            }
        }
    }

    /// <summary>When the entry point was removed, the live node of highest level (the lowest slot among equals) takes its place; −1 when none is left.</summary>
    private void MoveEntryPoint()
    {
        lock (_entryLock)
        {
            int current = EntrySlot(_entry);
            if (current >= 0 && _deleted[current] == 0) return;
            int best = -1, bestLevel = -1;
            for (int slot = 0; slot < _used; slot++)
            {
                if (_deleted[slot] == 0 && _levels[slot] > bestLevel)
                {
                    best = slot;
                    bestLevel = _levels[slot];
                }
            }
            Volatile.Write(ref _entry, best < 0 ? -1 : PackEntry(best, bestLevel));
        }
    }

    /// <summary>Inserts live node <paramref name="node"/> again, as <see cref="Insert{TDistance}"/> does, after a repair left it without links.</summary>
    private void Relink<TDistance>(int node, HnswScratch scratch) where TDistance : struct, IHnswDistance
    {
        long entry = Volatile.Read(ref _entry);
        int ep = EntrySlot(entry), top = EntryLevel(entry);
        if (ep < 0 || ep == node) return;
        int level = _levels[node];
        float* q = TDistance.Coded ? null : Vector(node);
        if (TDistance.Coded) scratch.QueryCode = Code(node);
        long self = _ids[node];
        Func<long, bool> others = id => id != self;
        float epDistance = QueryDistance<TDistance>(scratch, q, ep);
        for (int l = top; l > level; l--) Greedy<TDistance>(q, ref ep, ref epDistance, l, scratch);
        for (int l = Math.Min(level, top); l >= 0; l--)
        {
            SearchLayer<TDistance>(scratch, q, ep, epDistance, _efConstruction, l, others);
            int found = SortResults(scratch);
            int selected = SelectNeighbours<TDistance>(scratch, scratch.Sorted, found, _m);
            if (selected > 0)
            {
                ep = scratch.Selected[0];
                epDistance = scratch.SelectedDistances[0];
            }
            Connect<TDistance>(node, l, scratch, selected);
        }
        scratch.QueryCode = null;
    }
}
