namespace Embedkit.Search;

/// <summary>
/// A flat index over compressed codes (FAISS's <c>IndexPQ</c>, <c>IndexScalarQuantizer</c>,
/// <c>IndexBinaryFlat</c>): it stores only the codes of an <see cref="IVectorCodec"/> and scans all of them for
/// each query with the codec's scorer — asymmetric by default, symmetric through
/// <see cref="CodecSearchParameters.Scoring"/>. Memory per vector is the code size plus an id.
/// </summary>
/// <remarks>
/// <para><b>Scores</b> are the codec's: under <see cref="Metric.L2"/> the squared distance to the decoded vector,
/// under inner product and cosine the inner product with it (cosine: vectors are normalised to unit length
/// before they are encoded, queries before they are scored). They are approximations of the exact scores;
/// wrap the index in a <see cref="RefineIndex"/> (<c>PQ16,Refine(Flat)</c>) to re-rank with exact ones. The
/// results are deterministic: ties by the lower id, the same for any thread count.</para>
/// <para><b>Training.</b> The codec must be trained before codes are added: call <see cref="Train"/> with a
/// representative sample, or let the first <see cref="Add"/> train it on that batch. Product quantization
/// needs at least 256 training vectors and refuses fewer; the others need one (F16 none).</para>
/// <para><b>Ids</b> follow <see cref="FlatIndex"/>: <see cref="Add"/> refuses an id already present,
/// <see cref="Remove"/> moves the last code into the freed slot, a removed id may be added again.
/// <see cref="IVectorLookup.TryGetVector"/> returns the decoded vector.</para>
/// </remarks>
public sealed partial class CodecFlatIndex : IVectorIndex, IVectorLookup, ITrainableIndex
{
    private readonly Dictionary<long, int> _slots = [];
    private readonly VectorCodec _codec;
    private readonly TrainingOptions _training;
    private byte[] _codes = [];
    private long[] _ids = [];
    private int _count;

    /// <summary>Creates an empty index over <paramref name="codec"/>, which it takes over (train it only through the index).</summary>
    /// <param name="codec">One of Embedkit's codecs, trained or not; its dimension is the index's.</param>
    /// <param name="metric">How vectors are compared.</param>
    /// <param name="training">Options of the training that the first <see cref="Add"/> does when the codec is untrained.</param>
    /// <exception cref="InvalidInputException">When the metric is unknown.</exception>
    /// <exception cref="ArgumentException">When the codec is not one of Embedkit's (<see cref="VectorCodec"/>).</exception>
    public CodecFlatIndex(IVectorCodec codec, Metric metric = Metric.L2, TrainingOptions? training = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ThrowHelper.RequireOption(Enum.IsDefined(metric), "--metric (Metric)", "l2, ip or cosine", metric);
        _codec = codec as VectorCodec ?? throw new ArgumentException($"expected one of Embedkit's codecs, found {codec.GetType().Name}", nameof(codec));
        _training = training ?? TrainingOptions.Default;
        _training.Validate();
        Metric = metric;
    }

    /// <inheritdoc/>
    public int Dimension => _codec.Dimension;

    /// <inheritdoc/>
    public Metric Metric { get; }

    /// <inheritdoc/>
    public int Count => _count;

    /// <summary>The codec whose codes the index stores.</summary>
    public IVectorCodec Codec => _codec;

    /// <summary>The index's factory string: the codec's (<c>SQ8</c>, <c>PQ16</c>, …).</summary>
    public IndexSpec Spec => IndexSpec.Parse(_codec.ToString());

    /// <inheritdoc/>
    public bool IsTrained => _codec.IsTrained;

    /// <summary>Every id present, in storage order (a copy).</summary>
    public IReadOnlyList<long> Ids => _ids.AsSpan(0, _count).ToArray();

    /// <inheritdoc/>
    public void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null)
    {
        if (_codec.IsTrained && _count > 0)
            ThrowHelper.InvalidInput($"the {_codec} index already holds {_count} codes of its trained codec; training again would invalidate them", field: "codec");
        if (vectors.Length % Dimension != 0)
            ThrowHelper.InvalidInput($"dimension mismatch: the index has dimension {Dimension}, but the training vectors hold {vectors.Length} values, not a whole number of {Dimension}-dimensional vectors", field: "vectors");
        VectorChecks.CheckRows(vectors, Dimension, Metric, "vectors");
        _codec.Train(Prepared(vectors), options ?? _training);
    }

    /// <inheritdoc/>
    /// <remarks>When the codec is untrained, it is first trained on this batch (see the class remarks).</remarks>
    public void Add(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        VectorChecks.CheckBatch(ids, vectors, Dimension, Metric, "vectors");
        for (int i = 0; i < ids.Length; i++)
        {
            if (_slots.ContainsKey(ids[i]))
                ThrowHelper.InvalidInput($"vector {i}: id {ids[i]} is already in the index; remove it first, or use Upsert to replace its vector", field: "ids");
        }
        if (ids.Length == 0) return;
        ReadOnlySpan<float> prepared = Prepared(vectors);
        if (!_codec.IsTrained) _codec.Train(prepared, _training);
        int size = _codec.CodeSize;
        EnsureCapacity(_count + ids.Length);
        // Encoded past Count first: when encoding refuses a value (F16's range), nothing has been added.
        _codec.EncodeUnchecked(prepared, ids.Length, _codes.AsSpan(_count * size, ids.Length * size));
        Commit(ids);
    }

    /// <inheritdoc/>
    public int Remove(ReadOnlySpan<long> ids)
    {
        int removed = 0, size = _codec.CodeSize;
        foreach (long id in ids)
        {
            if (!_slots.Remove(id, out int slot)) continue;
            int last = _count - 1;
            if (slot != last)
            {
                _codes.AsSpan(last * size, size).CopyTo(_codes.AsSpan(slot * size, size));
                _ids[slot] = _ids[last];
                _slots[_ids[slot]] = slot;
            }
            _ids[last] = VectorChecks.NoId;
            _count--;
            removed++;
        }
        return removed;
    }

    /// <inheritdoc/>
    public bool Contains(long id) => _slots.ContainsKey(id);

    /// <inheritdoc/>
    /// <remarks>The decoded vector: an approximation of the added one (under cosine, of its unit vector).</remarks>
    public bool TryGetVector(long id, Span<float> destination)
    {
        if (destination.Length != Dimension)
            throw new ArgumentException($"expected a destination of {Dimension} floats, found {destination.Length}", nameof(destination));
        if (!_slots.TryGetValue(id, out int slot)) return false;
        _codec.Decode(CodeAt(slot), destination);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>Offers <see cref="IVectorLookup"/> (decoded vectors), <see cref="ITrainableIndex"/>, the codec (<see cref="IVectorCodec"/>), the <see cref="IndexSpec"/> and the index itself.</remarks>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType.IsInstanceOfType(_codec)) return _codec;
        if (serviceType == typeof(IndexSpec)) return Spec;
        return null;
    }

    /// <summary>The code in slot <paramref name="slot"/>.</summary>
    internal ReadOnlySpan<byte> CodeAt(int slot) => _codes.AsSpan(slot * _codec.CodeSize, _codec.CodeSize);

    /// <summary>The code of a present id.</summary>
    internal ReadOnlySpan<byte> CodeOf(long id) => CodeAt(_slots[id]);

    /// <summary>All stored codes, in storage order.</summary>
    internal ReadOnlySpan<byte> StoredCodes => _codes.AsSpan(0, _count * _codec.CodeSize);

    /// <summary>The id in slot <paramref name="slot"/>.</summary>
    internal long IdAt(int slot) => _ids[slot];

    /// <summary>The codec with its internal members (file format).</summary>
    internal VectorCodec CodecCore => _codec;

    /// <summary>Appends codes whose ids are absent, distinct and not −1 (loading a file).</summary>
    internal void AddCodesUnchecked(ReadOnlySpan<long> ids, ReadOnlySpan<byte> codes)
    {
        int size = _codec.CodeSize;
        EnsureCapacity(_count + ids.Length);
        codes.CopyTo(_codes.AsSpan(_count * size, ids.Length * size));
        Commit(ids);
    }

    private void Commit(ReadOnlySpan<long> ids)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            _ids[_count] = ids[i];
            _slots.Add(ids[i], _count);
            _count++;
        }
    }

    /// <summary>The vectors as they are encoded: normalised to unit length under cosine, otherwise as given.</summary>
    private ReadOnlySpan<float> Prepared(ReadOnlySpan<float> vectors) =>
        Metric == Metric.Cosine ? UnitVectors.Rows(vectors, Dimension) : vectors;

    private void EnsureCapacity(int needed)
    {
        int capacity = _ids.Length, size = _codec.CodeSize;
        if (needed <= capacity) return;
        long maxRows = Array.MaxLength / size;
        if (needed > maxRows)
            ThrowHelper.InvalidInput($"too many vectors for one {_codec} index: {needed} codes of {size} bytes exceed one buffer's limit of {Array.MaxLength} bytes (at most {maxRows} vectors)", field: "vectors");
        int rows = (int)Math.Min(maxRows, Math.Max(needed, Math.Max(2L * capacity, 64)));
        Array.Resize(ref _codes, rows * size);
        int old = _ids.Length;
        Array.Resize(ref _ids, rows);
        _ids.AsSpan(old).Fill(VectorChecks.NoId);
    }
}
