using System.Numerics.Tensors;

namespace Embedkit.Search;

/// <summary>
/// An inverted-file index (FAISS's <c>IndexIVFFlat</c>, <c>IndexIVFScalarQuantizer</c>, <c>IndexIVFPQ</c>;
/// factory strings <c>IVF1024,Flat</c>, <c>IVF256,SQ8</c>, <c>IVF1024,PQ16</c>): a coarse quantizer of
/// <see cref="IvfOptions.Lists"/> k-means centroids splits the space into cells, each vector is stored in the
/// list of its nearest centroid, and a search scans only the <see cref="IvfSearchParameters.NProbe"/> lists whose
/// centroids are nearest the query.
/// </summary>
/// <remarks>
/// <para><b>Training.</b> The centroids are learned by <see cref="KMeans"/> (k-means++ seeding, seeded, the
/// assignment step parallel) on the training vectors, which must number at least <see cref="IvfOptions.Lists"/>:
/// fewer is refused with a message naming both counts (FAISS refuses too), rather than clamping the number of
/// lists, so that <c>IVF1024</c> always means 1024 lists. Then the codec, if any, is trained on the vectors'
/// residuals to their centroids (<see cref="IvfOptions.ByResidual"/>, the default) or on the vectors. Call
/// <see cref="Train"/> with a representative sample, or let the first <see cref="Add"/> train on its batch (as
/// <see cref="CodecFlatIndex"/> does; the CLI's <c>index build</c> and <c>bench ann</c> rely on it).</para>
/// <para><b>Lists and probes.</b> Under <see cref="Metric.L2"/> and <see cref="Metric.Cosine"/> (whose vectors
/// are stored as unit vectors) a vector goes to the centroid of least squared distance, and a query probes the
/// lists of least squared distance; under <see cref="Metric.InnerProduct"/> both use the largest inner product
/// with the centroid, as FAISS's inner-product IVF does.</para>
/// <para><b>Scores.</b> <c>IVF…,Flat</c> keeps the vectors and returns exact scores, computed as
/// <see cref="FlatIndex"/> computes them (candidates ranked in float32, the best 2k + 16 re-scored in double), so
/// probing every list returns what a flat index returns. With a codec the scores are the metric against the
/// decoded vector (centroid + decoded residual), as <see cref="CodecFlatIndex"/>'s are; wrap the index with
/// <c>,Refine(Flat)</c> for exact scores. Ties go to the lower id; results do not depend on the thread count.</para>
/// <para><b>PQ under L2 by residual</b> uses FAISS's precomputed tables: ‖q − c − r‖² = ‖q − c‖² + (‖r‖² + 2c·r)
/// − 2q·r, where the middle term depends only on the list and the code and is tabulated once per list (lists × m
/// × 256 floats, kept when at most <see cref="MaxPrecomputedFloats"/>), and the last is one table per query. So a
/// probe costs m × 256 additions instead of a table of m × 256 × d/m multiply-adds.</para>
/// <para><b>Ids</b> follow the flat indexes: <see cref="Add"/> refuses an id already present (use
/// <see cref="VectorIndexExtensions.Upsert"/>), <see cref="Remove"/> skips absent ids, a removed id may be
/// added again. <see cref="IVectorLookup.TryGetVector"/> returns the stored vector (flat) or the decoded one.</para>
/// </remarks>
public sealed partial class IvfIndex : IVectorIndex, IVectorLookup, ITrainableIndex
{
    /// <summary>Largest precomputed PQ table kept (floats: lists × m × 256), 64 Mi floats = 256 MiB.</summary>
    public const long MaxPrecomputedFloats = 1L << 26;

    private readonly Dictionary<long, (int List, int Slot)> _where = [];
    private readonly VectorCodec? _codec;
    private readonly IvfOptions _options;
    private IvfList[] _lists = [];
    private float[] _centroids = [];
    private float[] _centroidNorms = [];
    private AlignedFloats _paddedCentroids = new(0);
    private float[]? _pqTerms;
    private bool _trainCodec;
    private int _count;

    /// <summary>Creates an empty, untrained index.</summary>
    /// <param name="dimension">Values per vector.</param>
    /// <param name="metric">How vectors are compared.</param>
    /// <param name="options">Number of lists, residual encoding, training settings.</param>
    /// <param name="codec">How the lists store vectors: null for full float32 vectors (<c>Flat</c>), otherwise an Embedkit codec of the same dimension, which the index takes over and trains (one with nothing to learn, such as F16, is used as it is).</param>
    /// <exception cref="InvalidInputException">When the dimension, metric or an option is invalid, or the codec's dimension differs.</exception>
    /// <exception cref="ArgumentException">When the codec is not one of Embedkit's (<see cref="VectorCodec"/>).</exception>
    public IvfIndex(int dimension, Metric metric, IvfOptions options, IVectorCodec? codec = null)
    {
        ThrowHelper.RequireOption(dimension > 0, "--dim (Dimension)", "a positive dimension", dimension);
        ThrowHelper.RequireOption(Enum.IsDefined(metric), "--metric (Metric)", "l2, ip or cosine", metric);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (codec is not null)
        {
            _codec = codec as VectorCodec ?? throw new ArgumentException($"expected one of Embedkit's codecs, found {codec.GetType().Name}", nameof(codec));
            if (codec.Dimension != dimension)
                ThrowHelper.InvalidInput($"the {codec} codec has dimension {codec.Dimension}, the index {dimension}", field: "codec");
            // A codec with nothing to learn (F16) is trained from the start; any other must come untrained, since
            // the index trains it on what it stores (residuals by default).
            _trainCodec = !codec.IsTrained;
        }
        Dimension = dimension;
        Metric = metric;
        _options = options;
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public Metric Metric { get; }

    /// <inheritdoc/>
    public int Count => _count;

    /// <summary>Number of inverted lists.</summary>
    public int Lists => _options.Lists;

    /// <summary>The settings the index was created with.</summary>
    public IvfOptions Options => _options;

    /// <summary>The codec of the lists, or null when they hold float vectors.</summary>
    public IVectorCodec? Codec => _codec;

    /// <summary>Whether codes hold residuals to the centroid (a codec and <see cref="IvfOptions.ByResidual"/>).</summary>
    public bool ByResidual => _codec is not null && _options.ByResidual;

    /// <summary>The factory string: <c>IVF&lt;lists&gt;,&lt;storage&gt;</c>.</summary>
    public IndexSpec Spec => new() { Structure = IndexStructure.Ivf, StructureParameter = Lists, Codec = _codec is null ? null : IndexSpec.Parse(_codec.ToString()).Codec };

    /// <inheritdoc/>
    public bool IsTrained => _centroids.Length != 0;

    /// <summary>The centroids (lists × dimension, row-major), empty before training.</summary>
    public ReadOnlySpan<float> Centroids => _centroids;

    /// <summary>Entries in list <paramref name="list"/>.</summary>
    public int ListSize(int list) => _lists[list].Count;

    /// <summary>Every id present, list by list (a copy).</summary>
    public IReadOnlyList<long> Ids
    {
        get
        {
            var ids = new long[_count];
            int at = 0;
            foreach (IvfList list in _lists)
            {
                list.Ids.AsSpan(0, list.Count).CopyTo(ids.AsSpan(at));
                at += list.Count;
            }
            return ids;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Runs k-means for the centroids, then trains the codec (on residuals by default); see the class remarks.</remarks>
    public void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null)
    {
        if (IsTrained)
            ThrowHelper.InvalidInput($"the {Spec} index is trained already; create a new index to train again (its lists were made with these centroids)", field: "index");
        if (vectors.Length % Dimension != 0)
            ThrowHelper.InvalidInput($"dimension mismatch: the index has dimension {Dimension}, but the training vectors hold {vectors.Length} values, not a whole number of {Dimension}-dimensional vectors", field: "vectors");
        VectorChecks.CheckRows(vectors, Dimension, Metric, "vectors");
        TrainCore(Prepared(vectors), vectors.Length / Dimension, options ?? _options.Training, "training vectors");
    }

    /// <inheritdoc/>
    /// <remarks>An untrained index is first trained on this batch, which must then hold at least <see cref="Lists"/> vectors (and what the codec needs).</remarks>
    public void Add(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        VectorChecks.CheckBatch(ids, vectors, Dimension, Metric, "vectors");
        for (int i = 0; i < ids.Length; i++)
        {
            if (_where.ContainsKey(ids[i]))
                ThrowHelper.InvalidInput($"vector {i}: id {ids[i]} is already in the index; remove it first, or use Upsert to replace its vector", field: "ids");
        }
        int n = ids.Length;
        if (n == 0) return;
        float[] prepared = Prepared(vectors).ToArray();
        if (!IsTrained) TrainCore(prepared, n, _options.Training, "vectors of the first Add, which trains the untrained index");
        var assignment = new int[n];
        Assign(prepared, n, assignment, _options.Training.Threads);
        byte[] codes = [];
        int size = _codec?.CodeSize ?? 0;
        if (_codec is not null)
        {
            if (ByResidual) SubtractCentroids(prepared, assignment);
            codes = new byte[(long)n * size];
            // Encoded before anything is stored: when the codec refuses a value (F16's range), nothing is added.
            _codec.EncodeUnchecked(prepared, n, codes);
        }
        int d = Dimension;
        for (int i = 0; i < n; i++)
        {
            IvfList list = _lists[assignment[i]];
            ReadOnlySpan<float> row = prepared.AsSpan(i * d, d);
            int slot = _codec is null
                ? list.Append(ids[i], row, Metric == Metric.L2 ? TensorPrimitives.Dot(row, row) : 0f, default)
                : list.Append(ids[i], default, 0f, codes.AsSpan(i * size, size));
            _where.Add(ids[i], (assignment[i], slot));
            _count++;
        }
    }

    /// <inheritdoc/>
    public int Remove(ReadOnlySpan<long> ids)
    {
        int removed = 0;
        foreach (long id in ids)
        {
            if (!_where.Remove(id, out var at)) continue;
            long moved = _lists[at.List].RemoveAt(at.Slot);
            if (moved != VectorChecks.NoId) _where[moved] = at;
            _count--;
            removed++;
        }
        return removed;
    }

    /// <inheritdoc/>
    public bool Contains(long id) => _where.ContainsKey(id);

    /// <inheritdoc/>
    /// <remarks>The stored vector (<c>Flat</c>; under cosine the unit vector) or the decoded one (centroid + decoded residual).</remarks>
    public bool TryGetVector(long id, Span<float> destination)
    {
        if (destination.Length != Dimension)
            throw new ArgumentException($"expected a destination of {Dimension} floats, found {destination.Length}", nameof(destination));
        if (!_where.TryGetValue(id, out var at)) return false;
        IvfList list = _lists[at.List];
        if (_codec is null)
        {
            list.VectorAt(at.Slot).CopyTo(destination);
            return true;
        }
        _codec.Decode(list.CodeAt(at.Slot), destination);
        if (ByResidual) TensorPrimitives.Add(destination, Centroid(at.List), destination);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>Offers <see cref="IVectorLookup"/>, <see cref="ITrainableIndex"/>, the codec (<see cref="IVectorCodec"/>) when there is one, the <see cref="IndexSpec"/> and the index itself.</remarks>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType.IsInstanceOfType(this)) return this;
        if (_codec is not null && serviceType.IsInstanceOfType(_codec)) return _codec;
        if (serviceType == typeof(IndexSpec)) return Spec;
        return null;
    }

    /// <summary>
    /// The empty index of an <c>IVF&lt;lists&gt;,&lt;storage&gt;</c> spec (without Refine), trained with
    /// <paramref name="threads"/> threads (0 = all cores; the result does not depend on it) and seed 42.
    /// </summary>
    internal static IvfIndex FromSpec(IndexSpec spec, int dimension, Metric metric, int threads)
    {
        ThrowHelper.RequireOption(spec.StructureParameter is >= 1 and <= IvfOptions.MaxLists, "--spec (index)", $"IVF<lists> with 1..{IvfOptions.MaxLists} lists", spec.StructureParameter);
        var options = new IvfOptions { Lists = spec.StructureParameter, Training = new TrainingOptions { Threads = threads } };
        return new IvfIndex(dimension, metric, options, spec.Codec?.Create(dimension));
    }

    /// <summary>Centroid <paramref name="list"/>.</summary>
    internal ReadOnlySpan<float> Centroid(int list) => _centroids.AsSpan(list * Dimension, Dimension);

    /// <summary>List <paramref name="list"/> (file format).</summary>
    internal IvfList ListAt(int list) => _lists[list];

    /// <summary>The codec with its internal members (file format).</summary>
    internal VectorCodec? CodecCore => _codec;

    /// <summary>Becomes trained with these centroids (loading a file; the codec's parameters are read already).</summary>
    internal void Restore(float[] centroids)
    {
        SetCentroids(centroids);
    }

    /// <summary>Appends stored entries of a list whose ids are absent, distinct and not −1 (loading a file).</summary>
    internal void AppendUnchecked(int list, ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, ReadOnlySpan<byte> codes)
    {
        int d = Dimension, size = _codec?.CodeSize ?? 0;
        IvfList target = _lists[list];
        for (int i = 0; i < ids.Length; i++)
        {
            int slot;
            if (_codec is null)
            {
                ReadOnlySpan<float> row = vectors.Slice(i * d, d);
                slot = target.Append(ids[i], row, Metric == Metric.L2 ? TensorPrimitives.Dot(row, row) : 0f, default);
            }
            else
            {
                slot = target.Append(ids[i], default, 0f, codes.Slice(i * size, size));
            }
            _where.Add(ids[i], (list, slot));
            _count++;
        }
    }

    private void TrainCore(ReadOnlySpan<float> prepared, int n, TrainingOptions training, string what)
    {
        training.Validate();
        int lists = Lists;
        if (n < lists)
            ThrowHelper.InvalidInput(
                $"the {Spec} index needs at least {lists} {what} (one per list), found {n}; train on more vectors, or use fewer lists (IVF{Math.Max(1, n)} or below; FAISS advises at least 39 training vectors per list)",
                field: "vectors");
        if (_codec is not null && _trainCodec && n < _codec.MinimumTrainingVectors)
            ThrowHelper.InvalidInput($"the {Spec} index's {_codec} codec needs at least {_codec.MinimumTrainingVectors} {what}, found {n}", field: "vectors");
        KMeansResult kmeans = KMeans.Train(prepared, Dimension, new KMeansOptions
        {
            Clusters = lists,
            Iterations = training.Iterations,
            MaxPointsPerCluster = training.MaxPointsPerCentroid,
            Seed = training.Seed,
            Threads = training.Threads,
        });
        float[] centroids = kmeans.Centroids;
        if (_codec is not null && _trainCodec)
        {
            float[] sample = prepared.ToArray();
            if (ByResidual)
            {
                var assignment = new int[n];
                AssignTo(centroids, sample, n, assignment, training.Threads);
                SubtractCentroids(sample, assignment, centroids);
            }
            _codec.Train(sample, training with { Seed = SplitMix64.ForStream(training.Seed, 1).NextUInt64() });
        }
        SetCentroids(centroids);
    }

    private void SetCentroids(float[] centroids)
    {
        int d = Dimension, lists = Lists;
        var norms = new float[lists];
        for (int c = 0; c < lists; c++)
        {
            ReadOnlySpan<float> centroid = centroids.AsSpan(c * d, d);
            norms[c] = TensorPrimitives.Dot(centroid, centroid);
        }
        var all = new IvfList[lists];
        int width = _codec?.CodeSize ?? d;
        for (int c = 0; c < lists; c++) all[c] = new IvfList(width, _codec is null);
        _pqTerms = PrecomputePQ(centroids);
        int stride = DotKernels.Stride(d);
        _paddedCentroids = NearestCentroid.Pad(centroids, lists, d, stride, DotKernels.TileRows);
        _lists = all;
        _centroidNorms = norms;
        _centroids = centroids;
    }

    /// <summary>
    /// For PQ codes of residuals under L2: term[list, s, k] = ‖cₛₖ‖² + 2·(centroid of list)ₛ·cₛₖ, the part of
    /// ‖q − c − r‖² that depends on the list and the code only; null when it does not apply or is too large.
    /// </summary>
    private float[]? PrecomputePQ(float[] centroids)
    {
        if (_codec is not PQCodec pq || !ByResidual || Metric != Metric.L2) return null;
        int lists = Lists, m = pq.SubQuantizers, ds = pq.SubDimension, d = Dimension;
        long size = (long)lists * m * PQCodec.Centroids;
        if (size > MaxPrecomputedFloats) return null;
        ReadOnlySpan<float> codebook = pq.Codebook;
        var terms = new float[size];
        for (int c = 0; c < lists; c++)
        {
            ReadOnlySpan<float> centroid = centroids.AsSpan(c * d, d);
            for (int s = 0; s < m; s++)
            {
                ReadOnlySpan<float> part = centroid.Slice(s * ds, ds);
                Span<float> row = terms.AsSpan((c * m + s) * PQCodec.Centroids, PQCodec.Centroids);
                for (int k = 0; k < PQCodec.Centroids; k++)
                {
                    ReadOnlySpan<float> code = codebook.Slice((s * PQCodec.Centroids + k) * ds, ds);
                    row[k] = TensorPrimitives.Dot(code, code) + 2f * TensorPrimitives.Dot(part, code);
                }
            }
        }
        return terms;
    }

    /// <summary>The list of each of <paramref name="n"/> prepared vectors: nearest centroid under L2 and cosine, largest inner product under ip.</summary>
    private void Assign(ReadOnlySpan<float> prepared, int n, Span<int> lists, int threads) => AssignTo(_centroids, prepared, n, lists, threads);

    private void AssignTo(float[] centroids, ReadOnlySpan<float> prepared, int n, Span<int> lists, int threads)
    {
        int d = Dimension, k = Lists, stride = DotKernels.Stride(d);
        AlignedFloats points = NearestCentroid.Pad(prepared, n, d, stride, DotKernels.TileQueries);
        AlignedFloats rows = NearestCentroid.Pad(centroids, k, d, stride, DotKernels.TileRows);
        // Under ip the key ‖c‖² − 2x·c becomes −2x·c: its least value is the largest inner product.
        float[] norms = Metric == Metric.InnerProduct ? new float[k] : NearestCentroid.Norms(rows, k, stride);
        NearestCentroid.Assign(points, n, rows, norms, k, stride, lists, new float[n], threads);
    }

    private void SubtractCentroids(float[] rows, ReadOnlySpan<int> assignment) => SubtractCentroids(rows, assignment, _centroids);

    private void SubtractCentroids(float[] rows, ReadOnlySpan<int> assignment, float[] centroids)
    {
        int d = Dimension;
        for (int i = 0; i < assignment.Length; i++)
        {
            Span<float> row = rows.AsSpan(i * d, d);
            TensorPrimitives.Subtract(row, centroids.AsSpan(assignment[i] * d, d), row);
        }
    }

    /// <summary>The vectors as the index stores them: normalised to unit length under cosine, otherwise as given.</summary>
    private ReadOnlySpan<float> Prepared(ReadOnlySpan<float> vectors) =>
        Metric == Metric.Cosine ? UnitVectors.Rows(vectors, Dimension) : vectors;
}
