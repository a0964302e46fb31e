using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Embedkit.Search;

public sealed unsafe partial class HnswIndex
{
    /// <inheritdoc/>
    /// <remarks>
    /// The batch is checked, then its vectors are copied in under a short exclusive lock (which reuses the slots
    /// of removed vectors first and grows the storage when needed), then inserted into the graph on
    /// <see cref="HnswOptions.Threads"/> threads while searches and other adds go on. A vector can be found once
    /// its insertion is done; all of them when this returns.
    /// </remarks>
    public void Add(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        VectorChecks.CheckBatch(ids, vectors, Dimension, Metric, "vectors");
        if (ids.IsEmpty) return;
        _writers.EnterReadLock();
        try
        {
            byte[]? codes = _codec is null ? null : EncodeBatch(vectors, ids.Length);
            int[] slots = Allocate(ids, vectors, codes);
            InsertAll(slots);
        }
        finally { _writers.ExitReadLock(); }
    }

    /// <summary>
    /// Refuses ids already present, then takes a slot for each vector (a freed one first), copies the vector in
    /// (normalised under cosine, zero-padded) or its code, and draws its level; all under the storage write lock,
    /// so that no search runs while a slot changes hands.
    /// </summary>
    private int[] Allocate(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, byte[]? codes)
    {
        int n = ids.Length, d = Dimension;
        var slots = new int[n];
        _storage.EnterWriteLock();
        try
        {
            for (int i = 0; i < n; i++)
            {
                if (_slotOf.ContainsKey(ids[i]))
                    ThrowHelper.InvalidInput($"vector {i}: id {ids[i]} is already in the index; remove it first, or use Upsert to replace its vector", field: "ids");
            }
            Grow(_used + Math.Max(0, n - _freeSlots.Count), exact: false);
            for (int i = 0; i < n; i++)
            {
                int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _used++;
                if (codes is not null)
                {
                    codes.AsSpan(i * _codeSize, _codeSize).CopyTo(new Span<byte>(Code(slot), _codeSize));
                    InitialiseSlot(slot, ids[i], DrawLevel(ids[i]));
                    _slotOf.Add(ids[i], slot);
                    slots[i] = slot;
                    continue;
                }
                Span<float> row = new(Vector(slot), _stride);
                ReadOnlySpan<float> source = vectors.Slice(i * d, d);
                if (Metric == Metric.Cosine)
                {
                    double norm = Math.Sqrt(VectorChecks.SquaredNorm(source));
                    for (int c = 0; c < d; c++) row[c] = (float)(source[c] / norm);
                }
                else
                {
                    source.CopyTo(row);
                }
                row[d..].Clear();
                int level = DrawLevel(ids[i]);
                InitialiseSlot(slot, ids[i], level);
                _slotOf.Add(ids[i], slot);
                slots[i] = slot;
            }
            _count += n;
        }
        finally { _storage.ExitWriteLock(); }
        return slots;
    }

    /// <summary>Gives <paramref name="slot"/> its id and level and empty neighbour lists.</summary>
    private void InitialiseSlot(int slot, long id, int level)
    {
        _ids[slot] = id;
        _levels[slot] = (byte)level;
        _deleted[slot] = 0;
        new Span<int>(_links0 + (nint)slot * _block0, _block0).Clear();
        _upper[slot] = level > 0 ? new int[level * _blockUpper] : null;
    }

    /// <summary>Links the allocated slots into the graph, in order on one thread or taken in turn by several.</summary>
    private void InsertAll(int[] slots)
    {
        int workers = Math.Min(_options.EffectiveThreads, slots.Length);
        if (workers <= 1)
        {
            HnswScratch scratch = RentScratch();
            foreach (int slot in slots) InsertLocked(slot, scratch);
            ReturnScratch(scratch);
            return;
        }
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            HnswScratch scratch = RentScratch();
            int i;
            while ((i = Interlocked.Increment(ref next)) < slots.Length) InsertLocked(slots[i], scratch);
            ReturnScratch(scratch);
        });
    }

    private void InsertLocked(int slot, HnswScratch scratch)
    {
        _storage.EnterReadLock();
        try
        {
            if (_codec is not null) Insert<HnswCodeDistance>(slot, scratch);
            else if (Metric == Metric.L2) Insert<HnswL2Distance>(slot, scratch);
            else Insert<HnswDotDistance>(slot, scratch);
        }
        finally { _storage.ExitReadLock(); }
    }

    /// <summary>
    /// hnswlib's <c>addPoint</c>: greedy descent from the entry point to the node's level, then on each of its
    /// layers a search with efConstruction candidates, the heuristic choice of M neighbours, and links both ways.
    /// A node above the top level holds the entry lock throughout and becomes the entry point.
    /// </summary>
    private void Insert<TDistance>(int slot, HnswScratch scratch) where TDistance : struct, IHnswDistance
    {
        int level = _levels[slot];
        float* q = TDistance.Coded ? null : Vector(slot);
        if (TDistance.Coded) scratch.QueryCode = Code(slot);
        bool holding = true;
        _entryLock.Enter();
        try
        {
            long entry = _entry;
            int top = EntryLevel(entry);
            int ep = EntrySlot(entry);
            if (ep < 0)
            {
                Volatile.Write(ref _entry, PackEntry(slot, level));
                return;
            }
            if (level <= top)
            {
                _entryLock.Exit();
                holding = false;
            }
            float epDistance = QueryDistance<TDistance>(scratch, q, ep);
            for (int l = top; l > level; l--) Greedy<TDistance>(q, ref ep, ref epDistance, l, scratch);
            for (int l = Math.Min(level, top); l >= 0; l--)
            {
                SearchLayer<TDistance>(scratch, q, ep, epDistance, _efConstruction, l, filter: null);
                int found = SortResults(scratch);
                int selected = SelectNeighbours<TDistance>(scratch, scratch.Sorted, found, _m);
                if (selected > 0)
                {
                    // The nearest chosen neighbour starts the next layer's search (read now: Connect reuses the buffers).
                    ep = scratch.Selected[0];
                    epDistance = scratch.SelectedDistances[0];
                }
                Connect<TDistance>(slot, l, scratch, selected);
            }
            if (level > top) Volatile.Write(ref _entry, PackEntry(slot, level));
        }
        finally
        {
            if (holding) _entryLock.Exit();
            scratch.QueryCode = null;
        }
    }

    /// <summary>Drains the result heap into <see cref="HnswScratch.Sorted"/>, ascending by (distance, slot); returns how many.</summary>
    private static int SortResults(HnswScratch scratch)
    {
        PackedMinHeap results = scratch.Results;
        int n = results.Count;
        ulong[] sorted = scratch.SortedFor(n);
        ReadOnlySpan<ulong> items = results.Items;
        for (int i = 0; i < n; i++) sorted[i] = ~items[i];
        sorted.AsSpan(0, n).Sort();
        results.Clear();
        return n;
    }

    /// <summary>
    /// The paper's Algorithm 4 as hnswlib's <c>getNeighborsByHeuristic2</c>: walk the candidates nearest first and
    /// keep one when it is closer to the base than to every neighbour kept so far, until <paramref name="max"/>
    /// are kept; fewer than <paramref name="max"/> candidates are all kept. Candidates are packed (distance to the
    /// base, slot), sorted ascending; the choice goes to <see cref="HnswScratch.Selected"/> nearest first.
    /// </summary>
    private int SelectNeighbours<TDistance>(HnswScratch scratch, ulong[] sorted, int count, int max) where TDistance : struct, IHnswDistance
    {
        int[] selected = scratch.Selected;
        float[] selectedDistances = scratch.SelectedDistances;
        int kept = 0;
        if (count < max)
        {
            for (int i = 0; i < count; i++)
            {
                selected[i] = PackedMinHeap.Slot(sorted[i]);
                selectedDistances[i] = PackedMinHeap.Distance(sorted[i]);
            }
            return count;
        }
        float* four = stackalloc float[4];
        for (int i = 0; i < count && kept < max; i++)
        {
            int candidate = PackedMinHeap.Slot(sorted[i]);
            float toBase = PackedMinHeap.Distance(sorted[i]);
            if (IsDiverse<TDistance>(candidate, toBase, selected, kept, four))
            {
                selected[kept] = candidate;
                selectedDistances[kept] = toBase;
                kept++;
            }
        }
        return kept;
    }

    /// <summary>Whether <paramref name="candidate"/> is at least as close to the base (<paramref name="toBase"/>) as to each of the first <paramref name="kept"/> chosen nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsDiverse<TDistance>(int candidate, float toBase, int[] chosen, int kept, float* four) where TDistance : struct, IHnswDistance
    {
        if (TDistance.Coded)
        {
            byte* code = Code(candidate);
            for (int i = 0; i < kept; i++)
            {
                if (CodeDistance(code, Code(chosen[i])) < toBase) return false;
            }
            return true;
        }
        float* c = Vector(candidate);
        int j = 0;
        for (; j + 4 <= kept; j += 4)
        {
            TDistance.Four(c, Vector(chosen[j]), Vector(chosen[j + 1]), Vector(chosen[j + 2]), Vector(chosen[j + 3]), _stride, four);
            if (four[0] < toBase || four[1] < toBase || four[2] < toBase || four[3] < toBase) return false;
        }
        for (; j < kept; j++)
        {
            if (TDistance.One(c, Vector(chosen[j]), _stride) < toBase) return false;
        }
        return true;
    }

    /// <summary>
    /// hnswlib's <c>mutuallyConnectNewElement</c>: writes the chosen neighbours as <paramref name="slot"/>'s list on
    /// <paramref name="level"/>, then adds <paramref name="slot"/> to each neighbour's list, cutting a full list back by
    /// the heuristic over its links and the new node. Each list is changed under its node's lock, count last.
    /// A concurrent insert may already have linked itself into the new node's list on this layer (it found the node
    /// on the layer above); those links are kept (hnswlib instead holds the node's lock for its whole insertion).
    /// </summary>
    private void Connect<TDistance>(int slot, int level, HnswScratch scratch, int selected) where TDistance : struct, IHnswDistance
    {
        int max = MaxLinks(level);
        // Copied out: the heuristic below reuses the scratch's buffers.
        Span<int> neighbours = stackalloc int[selected];
        scratch.Selected.AsSpan(0, selected).CopyTo(neighbours);
        lock (_nodeLocks[slot & (Stripes - 1)])
        {
            ref int own = ref Links(slot, level);
            int existing = Math.Min(own, max);
            if (existing == 0)
            {
                for (int i = 0; i < selected; i++) Unsafe.Add(ref own, 1 + i) = neighbours[i];
                Volatile.Write(ref own, selected);
            }
            else
            {
                Span<int> union = stackalloc int[selected + existing];
                neighbours.CopyTo(union);
                int n = selected;
                foreach (int other in MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref own, 1), existing))
                {
                    if (!union[..n].Contains(other)) union[n++] = other;
                }
                Prune<TDistance>(slot, ref own, union[..n], max, scratch);
            }
        }
        Span<int> candidates = stackalloc int[max + 1];
        foreach (int neighbour in neighbours)
        {
            lock (_nodeLocks[neighbour & (Stripes - 1)])
            {
                ref int list = ref Links(neighbour, level);
                if (Unsafe.IsNullRef(ref list)) continue;
                int count = Math.Min(list, max);
                var links = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref list, 1), count);
                if (links.Contains(slot)) continue;
                if (count < max)
                {
                    Unsafe.Add(ref list, 1 + count) = slot;
                    Volatile.Write(ref list, count + 1);
                    continue;
                }
                links.CopyTo(candidates);
                candidates[count] = slot;
                Prune<TDistance>(neighbour, ref list, candidates[..(count + 1)], max, scratch);
            }
        }
    }

    /// <summary>
    /// Writes as <paramref name="node"/>'s list the heuristic's choice of at most <paramref name="max"/> among
    /// <paramref name="candidates"/> (all of them when they fit); the caller holds the node's lock.
    /// </summary>
    private void Prune<TDistance>(int node, ref int list, ReadOnlySpan<int> candidates, int max, HnswScratch scratch) where TDistance : struct, IHnswDistance
    {
        int n = candidates.Length;
        if (n <= max)
        {
            for (int i = 0; i < n; i++) Unsafe.Add(ref list, 1 + i) = candidates[i];
            Volatile.Write(ref list, n);
            return;
        }
        scratch.EnsurePending(n);
        candidates.CopyTo(scratch.Pending);
        fixed (int* p = scratch.Pending)
        fixed (float* d = scratch.Distances)
            NodeDistances<TDistance>(node, p, n, d);
        ulong[] sorted = scratch.SortedFor(n);
        for (int i = 0; i < n; i++) sorted[i] = PackedMinHeap.Pack(scratch.Distances[i], scratch.Pending[i]);
        sorted.AsSpan(0, n).Sort();
        int kept = SelectNeighbours<TDistance>(scratch, sorted, n, max);
        for (int i = 0; i < kept; i++) Unsafe.Add(ref list, 1 + i) = scratch.Selected[i];
        Volatile.Write(ref list, kept);
    }

    /// <summary>The distance from the query <paramref name="q"/> (coded: the scratch's query) to the vector of <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float QueryDistance<TDistance>(HnswScratch scratch, float* q, int slot) where TDistance : struct, IHnswDistance =>
        TDistance.Coded ? CodeDistance(scratch, slot) : TDistance.One(q, Vector(slot), _stride);

    /// <summary><c>distances[i]</c> = distance between the stored node <paramref name="node"/> and node <c>slots[i]</c>.</summary>
    private void NodeDistances<TDistance>(int node, int* slots, int n, float* distances) where TDistance : struct, IHnswDistance
    {
        if (TDistance.Coded)
        {
            byte* code = Code(node);
            for (int j = 0; j < n; j++) distances[j] = CodeDistance(code, Code(slots[j]));
            return;
        }
        DistancesTo<TDistance>(Vector(node), slots, n, distances);
    }

    /// <summary><c>distances[i]</c> = distance from <paramref name="q"/> to the vector of <c>slots[i]</c>, four at a time (full vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DistancesTo<TDistance>(float* q, int* slots, int n, float* distances) where TDistance : struct, IHnswDistance
    {
        int j = 0;
        for (; j + 4 <= n; j += 4)
            TDistance.Four(q, Vector(slots[j]), Vector(slots[j + 1]), Vector(slots[j + 2]), Vector(slots[j + 3]), _stride, distances + j);
        for (; j < n; j++) distances[j] = TDistance.One(q, Vector(slots[j]), _stride);
    }
}
