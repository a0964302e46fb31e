namespace Embedkit.Search;

/// <summary>
/// One-bit sign codes (<c>BIN1</c>): bit j is set when <c>xⱼ − cⱼ ≥ 0</c>, where c is the mean of the training
/// vectors (<see cref="Centering"/>, on by default; without it c = 0), packed 8 per byte least significant
/// bit first, d/8 bytes rounded up (1/32 of the float memory). Compared by popcount Hamming distance on
/// 64-bit words (<see cref="HammingKernels"/>), the comparison of FAISS's <c>IndexBinaryFlat</c>.
/// </summary>
/// <remarks>
/// <para><b>Decoding.</b> Training also learns a scale per dimension, <c>sⱼ</c> = the mean of <c>|xⱼ − cⱼ|</c>
/// over the training vectors, and a code decodes to <c>cⱼ + sⱼ</c> where its bit is set and <c>cⱼ − sⱼ</c>
/// where not (the scaled sign vector).</para>
/// <para><b>Asymmetric scores</b> are the metric between the float query and that decoded vector, computed
/// from the bits by table lookups (one 256-entry table per code byte, <see cref="LookupKernels"/>):
/// <c>q·c + Σ qⱼsⱼbⱼ</c> (inner product, bⱼ = ±1) or <c>‖q − c‖² + Σ sⱼ² − 2Σ (qⱼ − cⱼ)sⱼbⱼ</c> (L2).</para>
/// <para><b>Symmetric scores</b> rank by the Hamming distance h alone (the query is binarised the same way):
/// under L2 the score is <c>4·h·mean(sⱼ²)</c>, the squared distance of the decoded vectors when all scales are
/// equal; under inner product and cosine it is <c>1 − 2h/d</c>, the cosine of the two ±1 sign vectors. These
/// are estimates that order exactly as the Hamming distance does; re-rank with <c>Refine(Flat)</c> for exact
/// scores.</para>
/// </remarks>
public sealed class BinaryCodec : VectorCodec
{
    private float[] _centre = [];
    private float[] _scales = [];
    private float _scaleSquaredSum;

    /// <summary>Creates an untrained sign codec.</summary>
    /// <param name="dimension">Values per vector.</param>
    /// <param name="centering">Subtract the training mean before taking signs (default); without it the signs are of the raw values.</param>
    /// <exception cref="InvalidInputException">When <paramref name="dimension"/> is not positive.</exception>
    public BinaryCodec(int dimension, bool centering = true) : base(dimension)
    {
        Centering = centering;
    }

    /// <summary>Whether the training mean is subtracted before taking signs.</summary>
    public bool Centering { get; }

    /// <inheritdoc/>
    public override int CodeSize => BitCodes.Bytes(Dimension);

    /// <inheritdoc/>
    public override bool IsTrained => _centre.Length != 0;

    /// <inheritdoc/>
    public override int MinimumTrainingVectors => 1;

    /// <summary>The centre c subtracted before taking signs (zeros without <see cref="Centering"/>; empty before training).</summary>
    public ReadOnlySpan<float> Centre => _centre;

    /// <summary>The per-dimension decoding scales sⱼ (empty before training).</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <inheritdoc/>
    public override string ToString() => "BIN1";

    private protected override void TrainCore(ReadOnlySpan<float> vectors, int count, TrainingOptions options)
    {
        int d = Dimension;
        float[] centre = Centering ? CodecMath.ColumnMeans(vectors, count, d) : new float[d];
        var sums = new double[d];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = vectors.Slice(i * d, d);
            for (int j = 0; j < d; j++) sums[j] += Math.Abs((double)row[j] - centre[j]);
        }
        var scales = new float[d];
        for (int j = 0; j < d; j++) scales[j] = (float)(sums[j] / count);
        Set(centre, scales);
    }

    private void Set(float[] centre, float[] scales)
    {
        double squares = 0;
        foreach (float s in scales) squares += (double)s * s;
        _scales = scales;
        _scaleSquaredSum = (float)squares;
        _centre = centre;
    }

    private protected override void EncodeCore(ReadOnlySpan<float> vectors, int count, Span<byte> codes)
    {
        int d = Dimension, size = CodeSize;
        Span<float> centred = d <= 4096 ? stackalloc float[d] : new float[d];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = vectors.Slice(i * d, d);
            for (int j = 0; j < d; j++) centred[j] = row[j] - _centre[j];
            BitCodes.PackSigns(centred, codes.Slice(i * size, size));
        }
    }

    private protected override void DecodeCore(ReadOnlySpan<byte> codes, int count, Span<float> vectors)
    {
        int d = Dimension, size = CodeSize;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> code = codes.Slice(i * size, size);
            Span<float> row = vectors.Slice(i * d, d);
            for (int j = 0; j < d; j++) row[j] = BitCodes.Bit(code, j) ? _centre[j] + _scales[j] : _centre[j] - _scales[j];
        }
    }

    private protected override CodeScorer CreateAsymmetric(Metric metric) => new AsymmetricScorer(this, metric);

    private protected override CodeScorer CreateSymmetric(Metric metric) => new HammingScorer(this, metric);

    internal override float SymmetricScoreCore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric) =>
        FromHamming(HammingKernels.Distance(a, b), metric);

    /// <summary>The symmetric score of Hamming distance h (see the remarks).</summary>
    private float FromHamming(int h, Metric metric) =>
        metric == Metric.L2 ? 4f * h * (_scaleSquaredSum / Dimension) : 1f - 2f * h / Dimension;

    internal override long ParameterBytes => 8 + 8L * Dimension;

    internal override void WriteParameters(BinaryWriter writer)
    {
        writer.Write(Centering ? 1u : 0u);
        writer.Write(0u);
        foreach (float v in _centre) writer.Write(v);
        foreach (float v in _scales) writer.Write(v);
    }

    internal override void ReadParameters(BinaryReader reader)
    {
        uint centering = reader.ReadUInt32(), reserved = reader.ReadUInt32();
        if (centering != (Centering ? 1u : 0u))
            throw new InvalidDataException($"BIN1 parameters: expected the centering flag {(Centering ? 1 : 0)}, found {centering}");
        if (reserved != 0) throw new InvalidDataException($"BIN1 parameters: expected a zero reserved word, found {reserved}");
        float[] centre = CodecMath.ReadFinite(reader, Dimension, "BIN1 centre value");
        float[] scales = CodecMath.ReadFinite(reader, Dimension, "BIN1 scale");
        if (!Centering && centre.AsSpan().ContainsAnyExcept(0f))
            throw new InvalidDataException("BIN1 parameters: a codec without centering has a zero centre");
        if (Array.Exists(scales, s => s < 0)) throw new InvalidDataException("BIN1 parameters: a scale is negative");
        Set(centre, scales);
    }

    /// <summary>Per query: the lookup tables of wⱼ = qⱼsⱼ (inner product) or (qⱼ − cⱼ)sⱼ (L2), and the constant part.</summary>
    private sealed class AsymmetricScorer(BinaryCodec codec, Metric metric) : CodeScorer(codec, metric)
    {
        private readonly BinaryCodec _codec = codec;
        private readonly float[] _weights = new float[codec.Dimension];
        private readonly float[] _tables = new float[codec.CodeSize * LookupKernels.Entries];
        private float _constant, _factor;

        protected override void Prepare(ReadOnlySpan<float> query)
        {
            int d = Dimension;
            ReadOnlySpan<float> c = _codec._centre, s = _codec._scales;
            if (Metric == Metric.L2)
            {
                // ‖q − x̂‖² = ‖q − c‖² + Σ sⱼ² − 2 Σ wⱼbⱼ with wⱼ = (qⱼ − cⱼ)sⱼ and Σ wⱼbⱼ = 2S − W (S: weights of the set bits).
                double qq = 0, total = 0;
                for (int j = 0; j < d; j++)
                {
                    double t = (double)query[j] - c[j];
                    qq += t * t;
                    _weights[j] = (float)(t * s[j]);
                    total += _weights[j];
                }
                _constant = (float)(qq + _codec._scaleSquaredSum + 2 * total);
                _factor = -4f;
            }
            else
            {
                // q·x̂ = q·c + Σ wⱼbⱼ with wⱼ = qⱼsⱼ, = q·c − W + 2S.
                double qc = 0, total = 0;
                for (int j = 0; j < d; j++)
                {
                    qc += (double)query[j] * c[j];
                    _weights[j] = query[j] * s[j];
                    total += _weights[j];
                }
                _constant = (float)(qc - total);
                _factor = 2f;
            }
            LookupKernels.BitTables(_weights, _tables);
        }

        protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores)
        {
            LookupKernels.Sum(_tables, codes, CodeSize, 0, CodeSize, scores);
            for (int i = 0; i < scores.Length; i++) scores[i] = MathF.FusedMultiplyAdd(_factor, scores[i], _constant);
        }
    }

    /// <summary>The symmetric scorer: the query binarised once, then a popcount Hamming scan.</summary>
    private sealed class HammingScorer(BinaryCodec codec, Metric metric) : CodeScorer(codec, metric)
    {
        private const int Block = 256;
        private readonly BinaryCodec _codec = codec;
        private readonly byte[] _query = new byte[codec.CodeSize];
        private readonly int[] _distances = new int[Block];

        protected override void Prepare(ReadOnlySpan<float> query) => _codec.EncodeOne(query, _query);

        protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores)
        {
            for (int first = 0; first < scores.Length; first += Block)
            {
                int n = Math.Min(Block, scores.Length - first);
                Span<int> distances = _distances.AsSpan(0, n);
                HammingKernels.Distances(_query, codes.Slice(first * CodeSize, n * CodeSize), CodeSize, 0, distances);
                for (int i = 0; i < n; i++) scores[first + i] = _codec.FromHamming(distances[i], Metric);
            }
        }
    }
}
