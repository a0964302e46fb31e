using System.Runtime.CompilerServices;

namespace Embedkit.Search;

/// <summary>
/// Approximate search in a hierarchical navigable small-world graph (HNSW; Malkov &amp; Yashunin 2018, the
/// algorithms of hnswlib): each vector is a node on layer 0 and, with probability M⁻ˡ, on layers 1..l; a query
/// descends greedily from the top layer's entry point and then runs a best-first search with a candidate list
/// of ef nodes on layer 0. Supports concurrent adds and searches, removal with graph repair, and a filter
/// applied during the search.
/// </summary>
/// <remarks>
/// <para><b>Build.</b> A vector's level is drawn from a stream seeded by (<see cref="HnswOptions.Seed"/>, id) with
/// the paper's mL = 1/ln M. It is inserted by searching each of its layers with efConstruction candidates and
/// choosing its neighbours by the paper's heuristic (Algorithm 4, hnswlib's <c>getNeighborsByHeuristic2</c>):
/// up to M links, and links back from each neighbour, whose list, when full (2·M on layer 0, M above), is cut
/// back by the same heuristic. A batch <see cref="Add"/> inserts on <see cref="HnswOptions.Threads"/> threads;
/// with one thread the graph is reproducible bit for bit.</para>
/// <para><b>Scores</b> are <see cref="FlatIndex"/>'s: the graph is navigated with float32 SIMD distances (squared L2,
/// or −x·y for inner product and cosine; cosine vectors are stored normalised to unit length), and the best k
/// found are scored again in double precision exactly as <see cref="FlatIndex"/> scores them, ordered by that
/// score and then by the lower id. Under <see cref="Metric.InnerProduct"/> the same greedy search runs on −x·y,
/// which is not a metric: it works well when the norms are similar (as hnswlib's <c>ip</c> space) and may
/// miss large-norm vectors far from the query's neighbourhood otherwise.</para>
/// <para><b>Threads.</b> Every member may be called from any thread at any time. <see cref="Add"/> runs
/// concurrently with <see cref="Search"/> and with other adds: neighbour lists are changed under a per-node
/// lock and published count last, so a search reads the old list, the new one or (while a full list is cut
/// back in place) a mix of the two, and every link it reads leads to a node whose vector is in place; a
/// vector becomes findable once its insertion has linked it. <see cref="Remove"/> and saving wait for adds to
/// finish (searches go on). Growing the storage, and the short step of an add that copies its vectors in,
/// briefly wait for running searches and inserts; <see cref="Reserve"/> grows ahead of time.</para>
/// <para><b>Removal.</b> <see cref="Remove"/> marks the nodes as deleted (searches still pass through them but never
/// return them), then repairs the graph at once: every node that linked to a removed node keeps its other
/// links and gets the removed node's neighbours as candidates for the freed places, chosen by the same
/// heuristic (FreshDiskANN's delete consolidation; hnswlib's <c>markDelete</c> only marks). Once no node links to
/// them the removed slots are reused by later adds, so memory does not grow with churn, and a removed id can
/// be added again.</para>
/// <para><b>Codes.</b> Built over a codec (<see cref="HnswIndex(IVectorCodec, Metric, HnswOptions?, TrainingOptions?)"/>,
/// the factory string <c>HNSW32,SQ8</c>), the index stores each vector's code instead of its floats. The same loops
/// then compare stored nodes by the codec's symmetric score while building and repairing, and score codes with the
/// codec's asymmetric scorer while searching; results carry those scores (as <see cref="CodecFlatIndex"/>'s). The
/// codec is trained before the first code is stored (<see cref="Train"/>, or the first <see cref="Add"/> on its
/// batch).</para>
/// <para><b>Memory</b> per vector: the vector (padded to a multiple of 16 floats; with a codec, its code instead), (1 + 2M) int32 of layer-0 links,
/// 8 bytes of id, 2 bytes of level and state, about (1 + M)·4/(M − 1) bytes of upper links on average, and an
/// id-to-slot dictionary entry. Vectors and layer-0 links live in native memory (<see cref="NativeBlock"/>: 64-byte
/// aligned, transparent huge pages on Linux), freed when the index is collected.</para>
/// </remarks>
public sealed unsafe partial class HnswIndex : IVectorIndex, IVectorLookup, ITrainableIndex
{
    /// <summary>Node locks: a node's lists are changed under lock <c>slot &amp; (Stripes − 1)</c>; never two at once.</summary>
    private const int Stripes = 4096;

    private readonly HnswOptions _options;
    private readonly int _stride;
    private readonly int _m;
    private readonly int _m0;
    private readonly int _block0;
    private readonly int _blockUpper;
    private readonly int _efConstruction;
    private readonly double _levelScale;

    /// <summary>The codec whose codes are stored instead of the vectors, or null for full vectors.</summary>
    private readonly VectorCodec? _codec;
    private readonly TrainingOptions _training;
    private readonly int _codeSize;

    /// <summary>Bytes per slot in the vector block: the padded float row, or the code.</summary>
    private readonly int _rowBytes;

    /// <summary>Whether the metric's scores are similarities (codec scores are negated into distances).</summary>
    private readonly bool _similarity;

    /// <summary>Shared by searches, inserts and repairs; exclusive to grow the storage, allocate slots and mark removals.</summary>
    private readonly ReaderWriterLockSlim _storage = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Shared by adds; exclusive to removals and saving, which must not see half-inserted nodes.</summary>
    private readonly ReaderWriterLockSlim _writers = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Guards the entry point; an insert that raises the top level holds it for its whole insertion (hnswlib).</summary>
    private readonly Lock _entryLock = new();

    private readonly Lock[] _nodeLocks;
    private readonly Dictionary<long, int> _slotOf = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Stack<HnswScratch> _scratchPool = new();

    /// <summary>Owns the memory <see cref="_vectors"/> points into: the rows by slot, padded to the stride (or the codes, end to end).</summary>
    private NativeBlock _vectorBlock = new(0);
    private float* _vectors;

    /// <summary>Owns the memory <see cref="_links0"/> points into: per slot 1 + 2M ints, the layer-0 count and links.</summary>
    private NativeBlock _linkBlock = new(0);
    private int* _links0;

    /// <summary>Layers 1..level of the nodes that have them: per layer 1 + M ints; null for level-0 nodes.</summary>
    private int[]?[] _upper = [];
    private long[] _ids = [];
    private byte[] _levels = [];

    /// <summary>1 for a slot that holds no live vector: removed (and, after the repair, free) or never used.</summary>
    private byte[] _deleted = [];

    private int _capacity;
    private int _used;
    private int _count;

    /// <summary>Removed nodes that may still be linked (during a removal's repair); searches then fill ef with live nodes, as hnswlib does with deletions.</summary>
    private int _tombstones;

    /// <summary>(top level &lt;&lt; 32) | entry slot, read and written as one value; −1 when empty.</summary>
    private long _entry = -1;

    /// <summary>Creates an empty index over full float32 vectors.</summary>
    /// <exception cref="InvalidInputException">When <paramref name="dimension"/> is not positive, <paramref name="metric"/> is not a <see cref="Search.Metric"/>, or an option is out of range.</exception>
    public HnswIndex(int dimension, Metric metric = Metric.L2, HnswOptions? options = null)
        : this(dimension, metric, options, codec: null, training: null)
    {
    }

    /// <summary>
    /// Creates an empty index that stores the codes of <paramref name="codec"/> instead of the vectors (the factory
    /// string <c>HNSW32,SQ8</c>; FAISS's <c>IndexHNSWSQ</c> and <c>IndexHNSWPQ</c>). The index takes the codec over:
    /// train it only through the index (<see cref="Train"/>), or let the first <see cref="Add"/> train it on its batch.
    /// </summary>
    /// <param name="codec">One of Embedkit's codecs (F16, SQ8, PQm, BINb), trained or not; its dimension is the index's.</param>
    /// <param name="metric">How vectors are compared.</param>
    /// <param name="options">Build settings of the graph.</param>
    /// <param name="training">Options of the training that the first <see cref="Add"/> does when the codec is untrained.</param>
    /// <exception cref="InvalidInputException">When the metric is unknown or an option is out of range.</exception>
    /// <exception cref="ArgumentException">When the codec is not one of Embedkit's (<see cref="VectorCodec"/>).</exception>
    public HnswIndex(IVectorCodec codec, Metric metric = Metric.L2, HnswOptions? options = null, TrainingOptions? training = null)
        : this(RequireCodec(codec).Dimension, metric, options, RequireCodec(codec), training)
    {
    }

    private HnswIndex(int dimension, Metric metric, HnswOptions? options, VectorCodec? codec, TrainingOptions? training)
    {
        ThrowHelper.RequireOption(dimension > 0, "--dim (Dimension)", "a positive dimension", dimension);
        ThrowHelper.RequireOption(Enum.IsDefined(metric), "--metric (Metric)", "l2, ip or cosine", metric);
        options ??= new HnswOptions();
        options.Validate();
        Dimension = dimension;
        Metric = metric;
        _options = options;
        _stride = DotKernels.Stride(dimension);
        _codec = codec;
        _training = training ?? TrainingOptions.Default;
        _training.Validate();
        _codeSize = codec?.CodeSize ?? 0;
        _rowBytes = codec is null ? _stride * sizeof(float) : _codeSize;
        _similarity = metric.ScoreKind() == ScoreKind.Similarity;
        _m = options.M;
        _m0 = 2 * options.M;
        _block0 = 1 + _m0;
        _blockUpper = 1 + _m;
        _efConstruction = Math.Max(options.EfConstruction, options.M);
        _levelScale = 1 / Math.Log(options.M);
        _vectors = (float*)_vectorBlock.Pointer;
        _links0 = (int*)_linkBlock.Pointer;
        _nodeLocks = new Lock[Stripes];
        for (int i = 0; i < Stripes; i++) _nodeLocks[i] = new Lock();
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public Metric Metric { get; }

    /// <summary>The build settings (as given, or as stored in the file it was loaded from).</summary>
    public HnswOptions Options => _options;

    /// <inheritdoc/>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Slots allocated: vectors the index holds before it must grow.</summary>
    public int Capacity
    {
        get
        {
            _storage.EnterReadLock();
            try { return _capacity; }
            finally { _storage.ExitReadLock(); }
        }
    }

    /// <summary>Every id present, in storage order (a copy).</summary>
    public IReadOnlyList<long> Ids
    {
        get
        {
            _storage.EnterReadLock();
            try
            {
                var ids = new List<long>(_count);
                for (int slot = 0; slot < _used; slot++)
                {
                    if (_deleted[slot] == 0) ids.Add(_ids[slot]);
                }
                return ids;
            }
            finally { _storage.ExitReadLock(); }
        }
    }

    /// <summary>Grows the storage to hold at least <paramref name="capacity"/> vectors, so that adds up to it never wait to grow.</summary>
    /// <exception cref="InvalidInputException">When <paramref name="capacity"/> is negative or more than one index holds.</exception>
    public void Reserve(int capacity)
    {
        ThrowHelper.RequireOption(capacity >= 0, "--capacity (capacity)", "a non-negative number of vectors", capacity);
        _storage.EnterWriteLock();
        try { Grow(capacity, exact: true); }
        finally { _storage.ExitWriteLock(); }
    }

    /// <inheritdoc/>
    public bool Contains(long id)
    {
        _storage.EnterReadLock();
        try { return _slotOf.ContainsKey(id); }
        finally { _storage.ExitReadLock(); }
    }

    /// <inheritdoc/>
    /// <remarks>With a codec, the decoded vector: an approximation of the added one (under cosine, of its unit vector).</remarks>
    public bool TryGetVector(long id, Span<float> destination)
    {
        if (destination.Length != Dimension)
            throw new ArgumentException($"expected a destination of {Dimension} floats, found {destination.Length}", nameof(destination));
        _storage.EnterReadLock();
        try
        {
            if (!_slotOf.TryGetValue(id, out int slot)) return false;
            if (_codec is not null) _codec.Decode(new ReadOnlySpan<byte>(Code(slot), _codeSize), destination);
            else new ReadOnlySpan<float>(Vector(slot), Dimension).CopyTo(destination);
            return true;
        }
        finally { _storage.ExitReadLock(); }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Offers the index itself, <see cref="IVectorLookup"/>, the <see cref="IndexSpec"/>, and with a codec
    /// <see cref="ITrainableIndex"/> and the codec (<see cref="IVectorCodec"/>).
    /// </remarks>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType == typeof(ITrainableIndex)) return _codec is null ? null : this;
        if (serviceType == typeof(IndexSpec)) return Spec;
        if (serviceType.IsInstanceOfType(this)) return this;
        return _codec is not null && serviceType.IsInstanceOfType(_codec) ? _codec : null;
    }

    /// <summary>The top level of the graph (the entry point's), or −1 when empty.</summary>
    internal int TopLevel => EntryLevel(Volatile.Read(ref _entry));

    /// <summary>The top layer of the node with <paramref name="id"/>, −1 when absent.</summary>
    internal int LevelOf(long id)
    {
        _storage.EnterReadLock();
        try { return _slotOf.TryGetValue(id, out int slot) ? _levels[slot] : -1; }
        finally { _storage.ExitReadLock(); }
    }

    /// <summary>Bytes of native memory held (vectors or codes, and layer-0 links), which the managed heap does not count.</summary>
    internal long NativeBytes => _vectorBlock.Bytes + _linkBlock.Bytes;

    /// <summary>The padded row of <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* Vector(int slot) => _vectors + (nint)slot * _stride;

    /// <summary>
    /// The neighbour list of <paramref name="slot"/> on <paramref name="level"/>: the count, then the slots; a null
    /// reference when the node has no such layer (which a consistent graph never asks for).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int Links(int slot, int level)
    {
        if (level == 0) return ref *(_links0 + (nint)slot * _block0);
        int[]? upper = _upper[slot];
        int at = (level - 1) * _blockUpper;
        if (upper is null || at + _blockUpper > upper.Length) return ref Unsafe.NullRef<int>();
        return ref upper[at];
    }

    /// <summary>Most links a list on <paramref name="level"/> holds: 2·M on layer 0, M above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int MaxLinks(int level) => level == 0 ? _m0 : _m;

    private static long PackEntry(int slot, int level) => ((long)level << 32) | (uint)slot;

    private static int EntrySlot(long entry) => (int)(uint)entry;

    private static int EntryLevel(long entry) => (int)(entry >> 32);

    /// <summary>The level of a new node with <paramref name="id"/>: ⌊−ln U · mL⌋ for U uniform in (0, 1], from the stream of (seed, id), capped at MaxLevel.</summary>
    private int DrawLevel(long id)
    {
        var random = SplitMix64.ForStream(_options.Seed, (ulong)id);
        double u = 1.0 - random.NextDouble();
        double level = -Math.Log(u) * _levelScale;
        return (int)Math.Min(level, _options.MaxLevel);
    }

    private HnswScratch RentScratch()
    {
        lock (_scratchPool)
        {
            if (_scratchPool.Count > 0) return _scratchPool.Pop();
        }
        return new HnswScratch(_stride, _m0, _efConstruction);
    }

    private void ReturnScratch(HnswScratch scratch)
    {
        lock (_scratchPool) _scratchPool.Push(scratch);
    }

    /// <summary>
    /// Grows every per-slot array to at least <paramref name="needed"/> slots (doubling unless <paramref name="exact"/>);
    /// only under the storage write lock, so no search or insert holds a pointer into the old arrays.
    /// </summary>
    private void Grow(int needed, bool exact)
    {
        if (needed <= _capacity) return;
        long maxSlots = Array.MaxLength;
        if (needed > maxSlots)
            ThrowHelper.InvalidInput($"too many vectors for one HNSW index: {needed}, at most {maxSlots}", field: "vectors");
        int capacity = exact ? needed : (int)Math.Max(needed, Math.Min(maxSlots, Math.Max(2L * _capacity, 64)));

        // Native, aligned, huge pages where available (NativeBlock): pointers stay valid until the block is freed,
        // which happens here, under the write lock, when no search or insert can hold one.
        var vectors = new NativeBlock((long)capacity * _rowBytes);
        var links = new NativeBlock((long)capacity * _block0 * sizeof(int));
        Buffer.MemoryCopy(_vectors, vectors.Pointer, vectors.Bytes, (long)_used * _rowBytes);
        Buffer.MemoryCopy(_links0, links.Pointer, links.Bytes, (long)_used * _block0 * sizeof(int));

        Array.Resize(ref _upper, capacity);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _levels, capacity);
        int old = _deleted.Length;
        Array.Resize(ref _deleted, capacity);
        _deleted.AsSpan(old).Fill(1);

        _vectorBlock.Dispose();
        _linkBlock.Dispose();
        _vectorBlock = vectors;
        _linkBlock = links;
        _vectors = (float*)vectors.Pointer;
        _links0 = (int*)links.Pointer;
        _capacity = capacity;
    }
}
