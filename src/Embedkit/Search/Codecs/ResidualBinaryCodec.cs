using System.Buffers.Binary;

namespace Embedkit.Search;

/// <summary>
/// Multi-bit residual binarization (<c>BIN2</c>, <c>BIN4</c>: b bits per dimension), in the style of BEBR
/// (Gao et al., "Binary Embedding-based Retrieval at Tencent", KDD 2023), without its learned projections:
/// each further bit plane binarizes what the planes before it left over. Training learns the centre and one
/// scale per plane, shared by every vector, so that a code is its bit planes and nothing else.
/// </summary>
/// <remarks>
/// <para><b>Training</b>, on vectors xₙ with centre c (their mean with <see cref="Centering"/>, on by default;
/// otherwise 0): <c>rₙ,₀ = xₙ − c</c>; for each level i = 0..b−1, <c>αᵢ = mean over n and j of |rₙ,ᵢⱼ|</c> (the one
/// scale that minimises Σₙ‖rₙ,ᵢ − αᵢ·sign(rₙ,ᵢ)‖²), rounded to float32, and <c>rₙ,ᵢ₊₁ = rₙ,ᵢ − αᵢ·sign(rₙ,ᵢ)</c>.</para>
/// <para><b>Encoding</b> a vector x: <c>r₀ = x − c</c>; for each level <c>bᵢ = sign(rᵢ)</c> (±1, with sign(0) = +1)
/// and <c>rᵢ₊₁ = rᵢ − αᵢbᵢ</c>. The code holds the b bit planes (d/8 bytes each, rounded up, bits as in
/// <see cref="BinaryCodec"/>): b·⌈d/8⌉ bytes, so BIN2 is exactly 1/16 of the float32 memory when 8 divides d.
/// It decodes to <c>x̂ = c + u</c> with <c>u = Σᵢ αᵢbᵢ</c>. Files written before the scales were shared stored a
/// float32 αᵢ = mean over j of |rᵢⱼ| per vector and plane after the planes (b·(⌈d/8⌉ + 4) bytes); such codecs are
/// still read, and score with their per-vector scales (<see cref="PerVectorScales"/>).</para>
/// <para><b>Asymmetric scores</b> (float query, BEBR's asymmetric mode): <c>q·x̂ = q·c + Σᵢ αᵢ⟨q, bᵢ⟩</c>, where
/// <c>⟨q, bᵢ⟩ = 2Sᵢ − Σⱼqⱼ</c> and Sᵢ, the sum of the query values at the set bits of plane i, comes from
/// lookup tables (one 256-entry table per code byte, shared by the planes). Under L2,
/// <c>‖q − x̂‖² = ‖q − c‖² − 2Σᵢ αᵢ⟨q − c, bᵢ⟩ + ‖u‖²</c> with
/// <c>‖u‖² = dΣᵢαᵢ² + 2Σ_{i&lt;k} αᵢα_k(d − 2·popcount(bᵢ ⊕ b_k))</c>.</para>
/// <para><b>Symmetric scores</b> (BEBR's SDC, both sides codes): <c>⟨u, v⟩ = Σᵢₖ αᵢβ_k(d − 2·popcount(bᵢ ⊕ b'_k))</c>,
/// b² popcounts; under L2 <c>‖u‖² + ‖v‖² − 2⟨u, v⟩</c> (the centre cancels); under inner product and cosine
/// <c>‖c‖² + ⟨c, u⟩ + ⟨c, v⟩ + ⟨u, v⟩</c>, the centre terms from a table of c (none without centering). Both
/// are exactly the metric between the decoded vectors, up to float rounding.</para>
/// </remarks>
public sealed class ResidualBinaryCodec : VectorCodec
{
    /// <summary>Most bit planes a code may have.</summary>
    public const int MaxLevels = 8;

    /// <summary>Codes scored per block of the asymmetric scan.</summary>
    private const int Block = 256;

    private readonly int _planeBytes;
    private float[] _centre = [];
    private float[] _alphas = [];
    private float[] _centreTables = [];
    private float _centreSquared, _centreSum;

    /// <summary>Creates a codec of <paramref name="levels"/> bit planes.</summary>
    /// <param name="dimension">Values per vector.</param>
    /// <param name="levels">Bits per dimension, 1..8 (the factory strings <c>BIN2</c> and <c>BIN4</c> make 2 and 4).</param>
    /// <exception cref="InvalidInputException">When the dimension is not positive or <paramref name="levels"/> is not 1..8.</exception>
    /// <param name="centering">Subtract the training mean first (default); without it the centre is 0 (the scales are learned either way).</param>
    public ResidualBinaryCodec(int dimension, int levels, bool centering = true) : this(dimension, levels, centering, perVectorScales: false)
    {
    }

    /// <summary>With <paramref name="perVectorScales"/>, the layout of files written before the scales were shared (read only).</summary>
    internal ResidualBinaryCodec(int dimension, int levels, bool centering, bool perVectorScales) : base(dimension)
    {
        ThrowHelper.RequireOption(levels is >= 1 and <= MaxLevels, "--bits (Levels)", $"1..{MaxLevels} bit planes", levels);
        Levels = levels;
        Centering = centering;
        PerVectorScales = perVectorScales;
        _planeBytes = BitCodes.Bytes(dimension);
        if (perVectorScales && !centering) SetCentre(new float[dimension]);
    }

    /// <summary>Bit planes per code (bits per dimension).</summary>
    public int Levels { get; }

    /// <summary>Whether the training mean is subtracted first.</summary>
    public bool Centering { get; }

    /// <summary>
    /// False for every codec this version makes: the scales αᵢ are learned once and shared. True only for a codec
    /// read from a file written before, whose codes carry their own float32 scales after the planes.
    /// </summary>
    public bool PerVectorScales { get; }

    /// <summary>The shared scales αᵢ, one per plane (empty before training, and for <see cref="PerVectorScales"/>).</summary>
    public ReadOnlySpan<float> Scales => _alphas;

    /// <inheritdoc/>
    public override int CodeSize => Levels * (_planeBytes + (PerVectorScales ? sizeof(float) : 0));

    /// <summary>The code size of the earlier layout with per-vector scales, by which a reader tells the two apart.</summary>
    internal int PerVectorCodeSize => Levels * (_planeBytes + sizeof(float));

    /// <inheritdoc/>
    public override bool IsTrained => _centre.Length != 0 && (PerVectorScales || _alphas.Length != 0);

    /// <inheritdoc/>
    public override int MinimumTrainingVectors => 1;

    /// <summary>The centre c (zeros without <see cref="Centering"/>; empty before training).</summary>
    public ReadOnlySpan<float> Centre => _centre;

    /// <inheritdoc/>
    public override string ToString() => $"BIN{Levels}";

    /// <summary>Offset of the scales αᵢ within a code, after the bit planes.</summary>
    private int ScalesOffset => Levels * _planeBytes;

    private protected override bool NeedsTraining => !PerVectorScales || Centering;

    private protected override void TrainCore(ReadOnlySpan<float> vectors, int count, TrainingOptions options)
    {
        int d = Dimension;
        float[] centre = Centering ? CodecMath.ColumnMeans(vectors, count, d) : new float[d];
        if (PerVectorScales)
        {
            SetCentre(centre);
            return;
        }
        // Level i's scale is the mean |residual| after levels 0..i−1 with their learned scales: one pass over the
        // training vectors per level, each residual recomputed from the vector (no copy of the training set).
        var alphas = new float[Levels];
        Span<float> residual = d <= 4096 ? stackalloc float[d] : new float[d];
        for (int level = 0; level < Levels; level++)
        {
            double absolute = 0;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = vectors.Slice(i * d, d);
                for (int j = 0; j < d; j++) residual[j] = row[j] - centre[j];
                for (int before = 0; before < level; before++)
                {
                    float alpha = alphas[before];
                    for (int j = 0; j < d; j++) residual[j] -= residual[j] >= 0 ? alpha : -alpha;
                }
                foreach (float r in residual) absolute += Math.Abs(r);
            }
            alphas[level] = (float)(absolute / ((double)count * d));
        }
        _alphas = alphas;
        SetCentre(centre);
    }

    private void SetCentre(float[] centre)
    {
        var tables = new float[_planeBytes * LookupKernels.Entries];
        LookupKernels.BitTables(centre, tables);
        double squared = 0;
        foreach (float v in centre) squared += (double)v * v;
        _centreTables = tables;
        _centreSquared = (float)squared;
        _centreSum = CodecMath.Sum(centre);
        _centre = centre;
    }

    private protected override void EncodeCore(ReadOnlySpan<float> vectors, int count, Span<byte> codes)
    {
        int d = Dimension, size = CodeSize, plane = _planeBytes;
        Span<float> residual = d <= 4096 ? stackalloc float[d] : new float[d];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = vectors.Slice(i * d, d);
            Span<byte> code = codes.Slice(i * size, size);
            for (int j = 0; j < d; j++) residual[j] = row[j] - _centre[j];
            for (int level = 0; level < Levels; level++)
            {
                BitCodes.PackSigns(residual, code.Slice(level * plane, plane));
                float alpha;
                if (PerVectorScales)
                {
                    double absolute = 0;
                    foreach (float r in residual) absolute += Math.Abs(r);
                    alpha = (float)(absolute / d);
                    BinaryPrimitives.WriteSingleLittleEndian(code[(ScalesOffset + level * sizeof(float))..], alpha);
                }
                else
                {
                    alpha = _alphas[level];
                }
                for (int j = 0; j < d; j++) residual[j] -= residual[j] >= 0 ? alpha : -alpha;
            }
        }
    }

    private protected override void DecodeCore(ReadOnlySpan<byte> codes, int count, Span<float> vectors)
    {
        int d = Dimension, size = CodeSize, plane = _planeBytes;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> code = codes.Slice(i * size, size);
            Span<float> row = vectors.Slice(i * d, d);
            _centre.CopyTo(row);
            for (int level = 0; level < Levels; level++)
            {
                float alpha = Alpha(code, level);
                ReadOnlySpan<byte> bits = code.Slice(level * plane, plane);
                for (int j = 0; j < d; j++) row[j] += BitCodes.Bit(bits, j) ? alpha : -alpha;
            }
        }
    }

    /// <summary>The scale αᵢ of plane <paramref name="level"/>: the shared one, or (earlier layout) the code's own.</summary>
    private float Alpha(ReadOnlySpan<byte> code, int level) =>
        PerVectorScales ? BinaryPrimitives.ReadSingleLittleEndian(code[(ScalesOffset + level * sizeof(float))..]) : _alphas[level];

    /// <summary>⟨bᵢ, b_k⟩ over the d dimensions of ±1 planes: d − 2·popcount(bᵢ ⊕ b_k).</summary>
    private int PlaneDot(ReadOnlySpan<byte> a, int levelA, ReadOnlySpan<byte> b, int levelB) =>
        Dimension - 2 * HammingKernels.Distance(a.Slice(levelA * _planeBytes, _planeBytes), b.Slice(levelB * _planeBytes, _planeBytes));

    /// <summary>‖u‖² = ‖Σᵢ αᵢbᵢ‖² from the code's own planes.</summary>
    private float ResidualNormSquared(ReadOnlySpan<byte> code)
    {
        float sum = 0;
        for (int i = 0; i < Levels; i++)
        {
            float ai = Alpha(code, i);
            sum += ai * ai * Dimension;
            for (int k = i + 1; k < Levels; k++) sum += 2 * ai * Alpha(code, k) * PlaneDot(code, i, code, k);
        }
        return sum;
    }

    /// <summary>⟨c, u⟩ = Σᵢ αᵢ(2Sᵢ − Σⱼcⱼ), Sᵢ from the centre's lookup tables.</summary>
    private float CentreDot(ReadOnlySpan<byte> code)
    {
        if (!Centering) return 0;
        float sum = 0;
        for (int i = 0; i < Levels; i++)
            sum += Alpha(code, i) * (2 * LookupKernels.SumScalar(_centreTables, code.Slice(i * _planeBytes, _planeBytes), _planeBytes) - _centreSum);
        return sum;
    }

    internal override float SymmetricScoreCore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric)
    {
        float cross = 0;
        for (int i = 0; i < Levels; i++)
        {
            float ai = Alpha(a, i);
            for (int k = 0; k < Levels; k++) cross += ai * Alpha(b, k) * PlaneDot(a, i, b, k);
        }
        if (metric == Metric.L2) return ResidualNormSquared(a) + ResidualNormSquared(b) - 2 * cross;
        return _centreSquared + CentreDot(a) + CentreDot(b) + cross;
    }

    private protected override CodeScorer CreateAsymmetric(Metric metric) => new Scorer(this, metric);

    internal override long ParameterBytes => 8 + 4L * Dimension + (PerVectorScales ? 0 : 4L * Levels);

    internal override void WriteParameters(BinaryWriter writer)
    {
        writer.Write(Centering ? 1u : 0u);
        writer.Write((uint)Levels);
        foreach (float v in _centre) writer.Write(v);
        foreach (float v in _alphas) writer.Write(v);
    }

    internal override void ReadParameters(BinaryReader reader)
    {
        uint centering = reader.ReadUInt32(), levels = reader.ReadUInt32();
        if (centering != (Centering ? 1u : 0u))
            throw new InvalidDataException($"{this} parameters: expected the centering flag {(Centering ? 1 : 0)}, found {centering}");
        if (levels != Levels) throw new InvalidDataException($"{this} parameters: expected {Levels} levels, found {levels}");
        float[] centre = CodecMath.ReadFinite(reader, Dimension, $"{this} centre value");
        if (!Centering && centre.AsSpan().ContainsAnyExcept(0f))
            throw new InvalidDataException($"{this} parameters: a codec without centering has a zero centre");
        if (!PerVectorScales)
        {
            float[] alphas = CodecMath.ReadFinite(reader, Levels, $"{this} scale");
            foreach (float alpha in alphas)
            {
                if (alpha < 0) throw new InvalidDataException($"{this} parameters: a scale is {alpha}, expected ≥ 0");
            }
            _alphas = alphas;
        }
        SetCentre(centre);
    }

    /// <summary>
    /// Per query: the lookup tables of q (inner product) or q − c (L2) and their constants; per block of codes,
    /// one lookup scan per plane, then the planes combined with each code's scales.
    /// </summary>
    private sealed class Scorer : CodeScorer
    {
        private readonly ResidualBinaryCodec _codec;
        private readonly float[] _weights;
        private readonly float[] _tables;
        private readonly float[] _sums;
        private float _constant, _weightSum;

        public Scorer(ResidualBinaryCodec codec, Metric metric) : base(codec, metric)
        {
            _codec = codec;
            _weights = new float[codec.Dimension];
            _tables = new float[codec._planeBytes * LookupKernels.Entries];
            _sums = new float[codec.Levels * Block];
        }

        protected override void Prepare(ReadOnlySpan<float> query)
        {
            ReadOnlySpan<float> c = _codec._centre;
            if (Metric == Metric.L2)
            {
                double qq = 0;
                for (int j = 0; j < Dimension; j++)
                {
                    _weights[j] = query[j] - c[j];
                    qq += (double)_weights[j] * _weights[j];
                }
                _constant = (float)qq;
            }
            else
            {
                query.CopyTo(_weights);
                _constant = CodecMath.Dot(query, c);
            }
            _weightSum = CodecMath.Sum(_weights);
            LookupKernels.BitTables(_weights, _tables);
        }

        protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores)
        {
            int levels = _codec.Levels, plane = _codec._planeBytes, size = CodeSize;
            bool l2 = Metric == Metric.L2;
            for (int first = 0; first < scores.Length; first += Block)
            {
                int n = Math.Min(Block, scores.Length - first);
                ReadOnlySpan<byte> block = codes.Slice(first * size, n * size);
                for (int level = 0; level < levels; level++)
                    LookupKernels.Sum(_tables, block, size, level * plane, plane, _sums.AsSpan(level * Block, n));
                for (int r = 0; r < n; r++)
                {
                    ReadOnlySpan<byte> code = block.Slice(r * size, size);
                    float dot = 0;
                    for (int level = 0; level < levels; level++)
                        dot += _codec.Alpha(code, level) * (2 * _sums[level * Block + r] - _weightSum);
                    scores[first + r] = l2 ? _constant - 2 * dot + _codec.ResidualNormSquared(code) : _constant + dot;
                }
            }
        }
    }
}
