namespace Embedkit.Search;

/// <summary>
/// One thread's working memory for <see cref="HnswIndex"/> searches and inserts, taken from the index's pool
/// and returned after use (hnswlib's <c>VisitedListPool</c>): an epoch-stamped visited array (a node is visited
/// when its stamp equals the current epoch, so starting a search costs one increment, not a clear), the
/// candidate and result heaps, and the buffers of one neighbour list. Nothing is allocated per query once the
/// buffers have reached their working size.
/// </summary>
internal sealed unsafe class HnswScratch
{
    private ushort[] _visited = [];
    private ushort _epoch;
    private readonly AlignedFloats _query;

    public HnswScratch(int stride, int maxLinks, int efConstruction)
    {
        _query = new AlignedFloats(stride);
        fixed (float* q = _query.Span) Query = q;
        Pending = new int[Math.Max(64, efConstruction) + 4];
        Distances = new float[Pending.Length];
        Candidates = new PackedMinHeap(Math.Max(64, efConstruction));
        Results = new PackedMinHeap(Math.Max(64, efConstruction) + 1);
        Sorted = new ulong[Math.Max(64, efConstruction) + 1];
        Selected = new int[maxLinks + 1];
        SelectedDistances = new float[maxLinks + 1];
        Ranked = new (double, long)[64];
    }

    /// <summary>The current query (or inserted vector), padded to the stride with zeros, 64-byte aligned.</summary>
    public float* Query { get; }

    /// <summary>Min-heap of (distance, slot) still to expand.</summary>
    public PackedMinHeap Candidates { get; }

    /// <summary>Max-heap (complemented keys) of the best (distance, slot) found so far.</summary>
    public PackedMinHeap Results { get; }

    /// <summary>The unvisited neighbours of the node being expanded, or the candidates of a neighbour selection.</summary>
    public int[] Pending { get; private set; }

    /// <summary>Their distances to the query or base node.</summary>
    public float[] Distances { get; private set; }

    /// <summary>Results or neighbour candidates as packed keys, sorted ascending.</summary>
    public ulong[] Sorted { get; private set; }

    /// <summary>Neighbours chosen by the selection heuristic, nearest first.</summary>
    public int[] Selected { get; }

    /// <summary>Their distances to the base node.</summary>
    public float[] SelectedDistances { get; }

    /// <summary>Removed nodes met while gathering repair candidates, for a second hop.</summary>
    public List<int> Hops { get; } = [];

    /// <summary>Final candidates with exact scores (oriented so that lower is better) and ids.</summary>
    public (double Score, long Id)[] Ranked { get; private set; }

    /// <summary>
    /// Coded indexes only: the code of the node being inserted or relinked, which distances are then measured from
    /// (symmetric code scores); null while <see cref="Scorer"/> holds a search query.
    /// </summary>
    public byte* QueryCode { get; set; }

    /// <summary>Coded indexes only: this thread's asymmetric scorer of the index's codec, made on first use.</summary>
    public ICodeScorer? Scorer { get; set; }

    /// <summary>Coded indexes only: the codes of <see cref="Pending"/> laid end to end for one scorer call.</summary>
    public byte[] Gathered { get; private set; } = [];

    /// <summary>Ensures <see cref="Gathered"/> holds at least <paramref name="bytes"/> bytes.</summary>
    public byte[] GatheredFor(int bytes)
    {
        if (Gathered.Length < bytes) Gathered = new byte[Math.Max(bytes, Gathered.Length * 2)];
        return Gathered;
    }

    /// <summary>Starts a new visit over <paramref name="slots"/> slots and returns its stamp; a node is visited when its entry equals it.</summary>
    public ushort NewEpoch(int slots)
    {
        if (_visited.Length < slots)
        {
            _visited = GC.AllocateArray<ushort>(slots, pinned: true);
            _epoch = 0;
        }
        if (++_epoch == 0)
        {
            Array.Clear(_visited);
            _epoch = 1;
        }
        return _epoch;
    }

    /// <summary>The visited stamps (pinned, so a pointer to it stays valid).</summary>
    public ushort[] Visited => _visited;

    /// <summary>Ensures <see cref="Pending"/> and <see cref="Distances"/> hold at least <paramref name="n"/> entries, keeping their contents.</summary>
    public void EnsurePending(int n)
    {
        if (Pending.Length >= n) return;
        int size = Math.Max(n, Pending.Length * 2);
        int[] pending = Pending;
        float[] distances = Distances;
        Array.Resize(ref pending, size);
        Array.Resize(ref distances, size);
        Pending = pending;
        Distances = distances;
    }

    /// <summary>Ensures <see cref="Sorted"/> holds at least <paramref name="n"/> keys.</summary>
    public ulong[] SortedFor(int n)
    {
        if (Sorted.Length < n) Sorted = new ulong[Math.Max(n, Sorted.Length * 2)];
        return Sorted;
    }

    /// <summary>Ensures <see cref="Ranked"/> holds at least <paramref name="n"/> entries.</summary>
    public (double Score, long Id)[] RankedFor(int n)
    {
        if (Ranked.Length < n) Ranked = new (double, long)[Math.Max(n, Ranked.Length * 2)];
        return Ranked;
    }
}
