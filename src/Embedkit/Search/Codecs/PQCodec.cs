using System.Numerics.Tensors;

namespace Embedkit.Search;

/// <summary>
/// Product quantization (<c>PQm</c>, Jégou, Douze and Schmid 2011; FAISS's <c>ProductQuantizer</c> with 8
/// bits): the vector is cut into m sub-vectors of d/m dimensions, and each is replaced by the number of its
/// nearest of 256 centroids, learned per sub-space by k-means (<see cref="KMeans"/>, k-means++ seeding,
/// seeded, the sub-spaces trained in parallel). A code is m bytes.
/// </summary>
/// <remarks>
/// <para><b>Scores.</b> Asymmetric (ADC): for a query, one table per sub-quantizer holds the score of the query's
/// sub-vector against each of the 256 centroids — <c>‖qₛ − cₛₖ‖²</c> (L2) or <c>qₛ·cₛₖ</c> (inner product) —
/// and a code's score is the sum of its m table entries (<see cref="LookupKernels"/>): the metric between the
/// query and the decoded vector, in m lookups. Symmetric: the metric between the two decoded vectors, summed
/// over the sub-spaces from the centroids.</para>
/// <para><b>Training</b> needs at least 256 vectors (one per centroid); FAISS advises 39 × 256 = 9,984 or
/// more. With more than <see cref="TrainingOptions.MaxPointsPerCentroid"/> × 256 vectors each sub-space's
/// k-means trains on a seeded sample. Encoding picks, per sub-space, the centroid with the smallest
/// <c>‖cₛₖ‖² − 2·xₛ·cₛₖ</c> in float32 (the lower number on a tie), as k-means assigns.</para>
/// </remarks>
public sealed class PQCodec : VectorCodec
{
    /// <summary>Centroids per sub-quantizer (8 bits).</summary>
    public const int Centroids = 256;

    private float[] _centroids = [];
    private float[] _transposed = [];
    private float[] _norms = [];
    private AlignedFloats[] _padded = [];
    private float[][] _paddedNorms = [];

    /// <summary>Creates an untrained product quantizer of <paramref name="subQuantizers"/> × 8 bits.</summary>
    /// <exception cref="InvalidInputException">
    /// When the dimension is not positive, or <paramref name="subQuantizers"/> is not positive or does not divide
    /// the dimension (the message lists counts that do).
    /// </exception>
    public PQCodec(int dimension, int subQuantizers) : base(dimension)
    {
        ThrowHelper.RequireOption(subQuantizers >= 1, "--pq (SubQuantizers)", "at least 1 sub-quantizer", subQuantizers);
        if (dimension % subQuantizers != 0)
            ThrowHelper.InvalidInput(
                $"PQ{subQuantizers}: the dimension {dimension} is not a multiple of {subQuantizers} sub-quantizers; counts that divide it: {string.Join(", ", Divisors(dimension))}",
                field: "SubQuantizers");
        SubQuantizers = subQuantizers;
        SubDimension = dimension / subQuantizers;
    }

    /// <summary>Number of sub-quantizers m (bytes per code).</summary>
    public int SubQuantizers { get; }

    /// <summary>Dimensions per sub-quantizer, d / m.</summary>
    public int SubDimension { get; }

    /// <inheritdoc/>
    public override int CodeSize => SubQuantizers;

    /// <inheritdoc/>
    public override bool IsTrained => _centroids.Length != 0;

    /// <inheritdoc/>
    public override int MinimumTrainingVectors => Centroids;

    /// <summary>
    /// The learned centroids (empty before training): m × 256 × (d/m) floats, centroid k of sub-quantizer s at
    /// <c>[(s·256 + k)·(d/m), …)</c>.
    /// </summary>
    public ReadOnlySpan<float> Codebook => _centroids;

    /// <inheritdoc/>
    public override string ToString() => $"PQ{SubQuantizers}";

    private protected override string MinimumReason => $" (one per centroid of each {Centroids}-centroid sub-quantizer; FAISS advises at least 39 × 256 = 9,984); train it on more vectors, or add at least {Centroids} in the first batch";

    private protected override void TrainCore(ReadOnlySpan<float> vectors, int count, TrainingOptions options)
    {
        int m = SubQuantizers, ds = SubDimension, d = Dimension;
        var codebook = new float[(long)m * Centroids * ds];
        unsafe
        {
            fixed (float* v = vectors)
            {
                nint vp = (nint)v;
                Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveThreads }, s =>
                {
                    var sub = new float[(long)count * ds];
                    var all = new ReadOnlySpan<float>((float*)vp, count * d);
                    for (int i = 0; i < count; i++) all.Slice(i * d + s * ds, ds).CopyTo(sub.AsSpan(i * ds, ds));
                    KMeansResult result = KMeans.Train(sub, ds, new KMeansOptions
                    {
                        Clusters = Centroids,
                        Iterations = options.Iterations,
                        MaxPointsPerCluster = options.MaxPointsPerCentroid,
                        Seed = SplitMix64.ForStream(options.Seed, (ulong)s).NextUInt64(),
                        Threads = 1,
                    });
                    result.Centroids.CopyTo(codebook.AsSpan(s * Centroids * ds, Centroids * ds));
                });
            }
        }
        SetCodebook(codebook);
    }

    private void SetCodebook(float[] codebook)
    {
        int m = SubQuantizers, ds = SubDimension;
        var transposed = new float[codebook.Length];
        var norms = new float[m * Centroids];
        for (int s = 0; s < m; s++)
        {
            for (int k = 0; k < Centroids; k++)
            {
                ReadOnlySpan<float> c = codebook.AsSpan((s * Centroids + k) * ds, ds);
                norms[s * Centroids + k] = TensorPrimitives.Dot(c, c);
                for (int j = 0; j < ds; j++) transposed[(s * ds + j) * Centroids + k] = c[j];
            }
        }
        int stride = DotKernels.Stride(ds);
        var padded = new AlignedFloats[m];
        var paddedNorms = new float[m][];
        for (int s = 0; s < m; s++)
        {
            padded[s] = NearestCentroid.Pad(codebook.AsSpan(s * Centroids * ds, Centroids * ds), Centroids, ds, stride, DotKernels.TileRows);
            paddedNorms[s] = NearestCentroid.Norms(padded[s], Centroids, stride);
        }
        _transposed = transposed;
        _norms = norms;
        _padded = padded;
        _paddedNorms = paddedNorms;
        _centroids = codebook;
    }

    /// <summary>
    /// Fills the m × 256 table of <paramref name="query"/>: qₛ·cₛₖ, or with <paramref name="l2"/>
    /// ‖qₛ‖² + ‖cₛₖ‖² − 2·qₛ·cₛₖ. Each sub-space's table is built as Σⱼ qₛⱼ·(column j of the centroids),
    /// 256 floats at a time.
    /// </summary>
    internal void Tables(ReadOnlySpan<float> query, Span<float> tables, bool l2)
    {
        int ds = SubDimension;
        for (int s = 0; s < SubQuantizers; s++)
        {
            Span<float> table = tables.Slice(s * Centroids, Centroids);
            ReadOnlySpan<float> q = query.Slice(s * ds, ds);
            float scale = l2 ? -2f : 1f;
            if (l2)
            {
                float qq = TensorPrimitives.Dot(q, q);
                TensorPrimitives.Add(_norms.AsSpan(s * Centroids, Centroids), qq, table);
            }
            else
            {
                table.Clear();
            }
            for (int j = 0; j < ds; j++)
                TensorPrimitives.MultiplyAdd(_transposed.AsSpan((s * ds + j) * Centroids, Centroids), scale * q[j], table, table);
        }
    }

    private protected override void EncodeCore(ReadOnlySpan<float> vectors, int count, Span<byte> codes)
    {
        int d = Dimension, m = SubQuantizers, ds = SubDimension, stride = DotKernels.Stride(ds);
        var nearest = new int[count];
        var keys = new float[count];
        for (int s = 0; s < m; s++)
        {
            AlignedFloats points = NearestCentroid.PadSlice(vectors, count, d, s * ds, ds, stride, DotKernels.TileQueries);
            NearestCentroid.Assign(points, count, _padded[s], _paddedNorms[s], Centroids, stride, nearest, keys, threads: 1);
            for (int i = 0; i < count; i++) codes[i * m + s] = (byte)nearest[i];
        }
    }

    private protected override void DecodeCore(ReadOnlySpan<byte> codes, int count, Span<float> vectors)
    {
        int d = Dimension, m = SubQuantizers, ds = SubDimension;
        for (int i = 0; i < count; i++)
        {
            for (int s = 0; s < m; s++)
                _centroids.AsSpan((s * Centroids + codes[i * m + s]) * ds, ds).CopyTo(vectors.Slice(i * d + s * ds, ds));
        }
    }

    private protected override CodeScorer CreateAsymmetric(Metric metric) => new Scorer(this, metric);

    internal override float SymmetricScoreCore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric)
    {
        int ds = SubDimension;
        float sum = 0;
        for (int s = 0; s < SubQuantizers; s++)
        {
            ReadOnlySpan<float> x = _centroids.AsSpan((s * Centroids + a[s]) * ds, ds);
            ReadOnlySpan<float> y = _centroids.AsSpan((s * Centroids + b[s]) * ds, ds);
            sum += metric == Metric.L2 ? CodecMath.SquaredDistance(x, y) : TensorPrimitives.Dot(x, y);
        }
        return sum;
    }

    internal override long ParameterBytes => 8 + 4L * Centroids * Dimension;

    internal override void WriteParameters(BinaryWriter writer)
    {
        writer.Write((uint)SubQuantizers);
        writer.Write((uint)Centroids);
        foreach (float v in _centroids) writer.Write(v);
    }

    internal override void ReadParameters(BinaryReader reader)
    {
        uint m = reader.ReadUInt32(), k = reader.ReadUInt32();
        if (m != SubQuantizers || k != Centroids)
            throw new InvalidDataException($"PQ parameters: expected {SubQuantizers} sub-quantizers of {Centroids} centroids, found {m} of {k}");
        SetCodebook(CodecMath.ReadFinite(reader, SubQuantizers * Centroids * SubDimension, "PQ centroid value"));
    }

    private static IEnumerable<int> Divisors(int n)
    {
        for (int i = 1; i <= n; i++)
            if (n % i == 0) yield return i;
    }

    /// <summary>The ADC scorer: m tables of 256 scores per query, then a lookup sum per code.</summary>
    private sealed class Scorer(PQCodec codec, Metric metric) : CodeScorer(codec, metric)
    {
        private readonly PQCodec _codec = codec;
        private readonly float[] _tables = new float[codec.SubQuantizers * Centroids];

        protected override void Prepare(ReadOnlySpan<float> query) =>
            _codec.Tables(query, _tables, l2: Metric == Metric.L2);

        protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores) =>
            LookupKernels.Sum(_tables, codes, CodeSize, 0, CodeSize, scores);
    }
}
