using System.Numerics.Tensors;

namespace Embedkit.Search;

/// <summary>
/// Exact search: every query is compared with every stored vector (FAISS's <c>IndexFlat</c>). It is the
/// reference that approximate indexes are measured against, so its results are deterministic: ties are
/// broken by the lower id, and results do not depend on the thread count or the SIMD width.
/// </summary>
/// <remarks>
/// <para>How: a blocked float32 scan finds, for each query, the best 2k + 16 candidates by ‖x‖² − 2q·x (L2)
/// or −q·x, with the register-blocked SIMD kernel of <see cref="DotKernels"/>; those candidates are then
/// scored again exactly, in double precision, and the best k by that score (then by id) are returned. So
/// rounding in the fast scan, which FAISS's BLAS path leaves in its results, cannot reorder near-ties.</para>
/// <para>Scores: <see cref="Metric.L2"/> gives the squared distance Σ(qᵢ − xᵢ)² (0 for a vector and itself);
/// <see cref="Metric.InnerProduct"/> gives q·x; <see cref="Metric.Cosine"/> stores vectors normalised to unit
/// length, normalises each query, and gives their inner product. Each is computed in double and rounded to
/// float32 once.</para>
/// <para>Ids: <see cref="Add"/> refuses an id already present (use <see cref="VectorIndexExtensions.Upsert"/>
/// to replace); <see cref="Remove"/> moves the last vector into the freed slot, so storage order changes
/// but every id keeps its vector. A removed id may be added again.</para>
/// <para>Memory: the vectors row-major, each padded with zeros to a multiple of 16 floats (no padding for
/// dimensions such as 96, 128, 768 or 784; 12% for 100), plus an id and a squared norm per vector and an
/// id-to-slot dictionary. One index holds at most <see cref="Array.MaxLength"/> floats (count × padded dimension).</para>
/// </remarks>
public sealed partial class FlatIndex : IVectorIndex, IVectorLookup
{
    private readonly Dictionary<long, int> _slots = [];
    private readonly int _stride;
    private AlignedFloats _rows = new(0);
    private float[] _norms = [];
    private long[] _ids = [];
    private int _count;

    /// <summary>Creates an empty index.</summary>
    /// <exception cref="InvalidInputException">When <paramref name="dimension"/> is not positive or <paramref name="metric"/> is not a <see cref="Search.Metric"/>.</exception>
    public FlatIndex(int dimension, Metric metric = Metric.L2)
    {
        ThrowHelper.RequireOption(dimension > 0, "--dim (Dimension)", "a positive dimension", dimension);
        ThrowHelper.RequireOption(Enum.IsDefined(metric), "--metric (Metric)", "l2, ip or cosine", metric);
        Dimension = dimension;
        Metric = metric;
        _stride = DotKernels.Stride(dimension);
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public Metric Metric { get; }

    /// <inheritdoc/>
    public int Count => _count;

    /// <summary>Every id present, in storage order (a copy).</summary>
    public IReadOnlyList<long> Ids => _ids.AsSpan(0, _count).ToArray();

    /// <inheritdoc/>
    public void Add(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        VectorChecks.CheckBatch(ids, vectors, Dimension, Metric, "vectors");
        for (int i = 0; i < ids.Length; i++)
        {
            if (_slots.ContainsKey(ids[i]))
                ThrowHelper.InvalidInput($"vector {i}: id {ids[i]} is already in the index; remove it first, or use Upsert to replace its vector", field: "ids");
        }
        AddUnchecked(ids, vectors, normalize: Metric == Metric.Cosine);
    }

    /// <inheritdoc/>
    public int Remove(ReadOnlySpan<long> ids)
    {
        int removed = 0;
        foreach (long id in ids)
        {
            if (!_slots.Remove(id, out int slot)) continue;
            int last = _count - 1;
            if (slot != last)
            {
                MoveSlot(last, slot);
                _slots[_ids[slot]] = slot;
            }
            ClearSlot(last);
            _count--;
            removed++;
        }
        return removed;
    }

    /// <inheritdoc/>
    public bool Contains(long id) => _slots.ContainsKey(id);

    /// <inheritdoc/>
    public bool TryGetVector(long id, Span<float> destination)
    {
        if (destination.Length != Dimension)
            throw new ArgumentException($"expected a destination of {Dimension} floats, found {destination.Length}", nameof(destination));
        if (!_slots.TryGetValue(id, out int slot)) return false;
        CopySlot(slot, destination);
        return true;
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>The id stored in slot <paramref name="slot"/> (0 ≤ slot &lt; <see cref="Count"/>).</summary>
    internal long IdAt(int slot) => _ids[slot];

    /// <summary>Copies the vector in slot <paramref name="slot"/> into <paramref name="destination"/>.</summary>
    internal void CopySlot(int slot, Span<float> destination) => Slot(slot)[..Dimension].CopyTo(destination);

    /// <summary>The padded row of slot <paramref name="slot"/>.</summary>
    private Span<float> Slot(int slot) => _rows.Slice(slot * _stride, _stride);

    /// <summary>
    /// Appends vectors whose batch checks have passed and whose ids are absent; with <paramref name="normalize"/>
    /// each is stored divided by its norm (cosine). Index files store vectors as kept, so loading does not normalise again.
    /// </summary>
    internal void AddUnchecked(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, bool normalize)
    {
        int d = Dimension;
        EnsureCapacity(_count + ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            ReadOnlySpan<float> source = vectors.Slice(i * d, d);
            int slot = _count;
            Span<float> row = Slot(slot)[..d];
            if (normalize)
            {
                double norm = Math.Sqrt(VectorChecks.SquaredNorm(source));
                for (int c = 0; c < d; c++) row[c] = (float)(source[c] / norm);
            }
            else
            {
                source.CopyTo(row);
            }
            _norms[slot] = Metric == Metric.L2 ? TensorPrimitives.Dot<float>(row, row) : 0f;
            _ids[slot] = ids[i];
            _slots.Add(ids[i], slot);
            _count++;
        }
    }

    private void MoveSlot(int from, int to)
    {
        Slot(from).CopyTo(Slot(to));
        _norms[to] = _norms[from];
        _ids[to] = _ids[from];
    }

    /// <summary>Zeroes a freed slot, so that the rows past <see cref="Count"/> that a tile reads are always finite.</summary>
    private void ClearSlot(int slot)
    {
        Slot(slot).Clear();
        _norms[slot] = 0f;
        _ids[slot] = VectorChecks.NoId;
    }

    private void EnsureCapacity(int needed)
    {
        int capacity = _ids.Length;
        if (needed <= capacity) return;
        const int quantum = DotKernels.TileRows;
        long maxRows = (long)Array.MaxLength / _stride / quantum * quantum;
        if (needed > maxRows)
            ThrowHelper.InvalidInput(
                $"too many vectors for one flat index: {needed} × dimension {Dimension} (padded to {_stride}) exceeds one buffer's limit of {Array.MaxLength} floats (at most {maxRows} vectors)",
                field: "vectors");
        long grown = Math.Max(needed, Math.Min(maxRows, Math.Max(2L * capacity, 64)));
        // Whole tiles of rows, so that the scan never reads past the buffer; the rows past Count are zero.
        int rows = (int)Math.Min(maxRows, (grown + quantum - 1) / quantum * quantum);
        var grownRows = new AlignedFloats(rows * _stride);
        _rows.Span[..(_count * _stride)].CopyTo(grownRows.Span);
        _rows = grownRows;
        Array.Resize(ref _norms, rows);
        int old = _ids.Length;
        Array.Resize(ref _ids, rows);
        _ids.AsSpan(old).Fill(VectorChecks.NoId);
    }
}
