using System.Globalization;

namespace Embedkit.Search;

/// <summary>
/// 8-bit scalar quantization (<c>SQ8</c>), one byte per dimension (a quarter of the float memory), with a
/// range per dimension learned by <see cref="IVectorCodec.Train"/>: the training minimum and maximum of
/// that dimension, FAISS's <c>QT_8bit</c>.
/// </summary>
/// <remarks>
/// <para><b>Code.</b> With <c>stepⱼ = (maxⱼ − minⱼ) / 255</c>, value <c>x</c> of dimension j is stored as the
/// level <c>uⱼ = round((x − minⱼ) / stepⱼ)</c>, clamped to 0..255 (0 when the dimension is constant), and
/// decoded as <c>minⱼ + uⱼ·stepⱼ</c>. A value inside the training range comes back within
/// <c>stepⱼ / 2 = (maxⱼ − minⱼ) / 510</c> (plus float rounding); one outside it is clamped to the range's end.</para>
/// <para><b>Scores.</b> Asymmetric: the metric between the float query and the decoded vector, computed
/// without decoding as <c>Σ (aⱼ − stepⱼ·uⱼ)²</c> with <c>aⱼ = qⱼ − minⱼ</c> (L2) or <c>q·min + Σ (qⱼ·stepⱼ)·uⱼ</c>
/// (inner product), the code bytes widened to float in registers (<see cref="ByteKernels"/>). Symmetric: the
/// metric between the two decoded vectors, <c>Σ stepⱼ²·(uⱼ − vⱼ)²</c> (L2) or
/// <c>Σ minⱼ² + Σ minⱼ·stepⱼ·(uⱼ + vⱼ) + Σ stepⱼ²·uⱼ·vⱼ</c> (inner product), where the code products and
/// differences are exact integers.</para>
/// </remarks>
public sealed class SQ8Codec : VectorCodec
{
    private float[] _min = [];
    private float[] _max = [];
    private float[] _step = [];
    private float[] _stepSquared = [];
    private float[] _minStep = [];
    private float _minSquared;

    /// <summary>Creates an untrained codec.</summary>
    /// <exception cref="InvalidInputException">When <paramref name="dimension"/> is not positive.</exception>
    public SQ8Codec(int dimension) : base(dimension)
    {
    }

    /// <inheritdoc/>
    public override int CodeSize => Dimension;

    /// <inheritdoc/>
    public override bool IsTrained => _step.Length != 0;

    /// <inheritdoc/>
    public override int MinimumTrainingVectors => 1;

    /// <summary>The per-dimension minima learned by training (empty before).</summary>
    public ReadOnlySpan<float> Minima => _min;

    /// <summary>The per-dimension maxima learned by training (empty before).</summary>
    public ReadOnlySpan<float> Maxima => _max;

    /// <inheritdoc/>
    public override string ToString() => "SQ8";

    /// <summary>The kernel width scorers use; tests set it to compare widths.</summary>
    internal KernelWidth Width { get; set; } = ByteKernels.Best;

    private protected override void TrainCore(ReadOnlySpan<float> vectors, int count, TrainingOptions options)
    {
        int d = Dimension;
        var min = new float[d];
        var max = new float[d];
        vectors[..d].CopyTo(min);
        vectors[..d].CopyTo(max);
        for (int i = 1; i < count; i++)
        {
            ReadOnlySpan<float> row = vectors.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                if (row[j] < min[j]) min[j] = row[j];
                if (row[j] > max[j]) max[j] = row[j];
            }
        }
        SetRanges(min, max);
    }

    private void SetRanges(float[] min, float[] max)
    {
        int d = Dimension;
        var step = new float[d];
        var stepSquared = new float[d];
        var minStep = new float[d];
        double minSquared = 0;
        for (int j = 0; j < d; j++)
        {
            step[j] = (max[j] - min[j]) / 255f;
            stepSquared[j] = step[j] * step[j];
            minStep[j] = min[j] * step[j];
            minSquared += (double)min[j] * min[j];
        }
        _min = min;
        _max = max;
        _stepSquared = stepSquared;
        _minStep = minStep;
        _minSquared = (float)minSquared;
        _step = step;
    }

    private protected override void EncodeCore(ReadOnlySpan<float> vectors, int count, Span<byte> codes)
    {
        int d = Dimension;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = vectors.Slice(i * d, d);
            Span<byte> code = codes.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                float step = _step[j];
                float level = step > 0 ? MathF.Round((row[j] - _min[j]) / step) : 0f;
                code[j] = (byte)Math.Clamp(level, 0f, 255f);
            }
        }
    }

    private protected override void DecodeCore(ReadOnlySpan<byte> codes, int count, Span<float> vectors)
    {
        int d = Dimension;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> code = codes.Slice(i * d, d);
            Span<float> row = vectors.Slice(i * d, d);
            for (int j = 0; j < d; j++) row[j] = MathF.FusedMultiplyAdd(code[j], _step[j], _min[j]);
        }
    }

    private protected override CodeScorer CreateAsymmetric(Metric metric) => new Scorer(this, metric);

    internal override float SymmetricScoreCore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric)
    {
        if (metric == Metric.L2) return ByteKernels.WeightedSquaredDifference(_stepSquared, a, b, Width);
        return _minSquared + ByteKernels.Dot(_minStep, a, Width) + ByteKernels.Dot(_minStep, b, Width)
            + ByteKernels.WeightedProduct(_stepSquared, a, b, Width);
    }

    internal override void WriteParameters(BinaryWriter writer)
    {
        foreach (float v in _min) writer.Write(v);
        foreach (float v in _max) writer.Write(v);
    }

    internal override void ReadParameters(BinaryReader reader)
    {
        int d = Dimension;
        var min = new float[d];
        var max = new float[d];
        for (int j = 0; j < d; j++) min[j] = reader.ReadSingle();
        for (int j = 0; j < d; j++) max[j] = reader.ReadSingle();
        for (int j = 0; j < d; j++)
        {
            if (!float.IsFinite(min[j]) || !float.IsFinite(max[j]) || max[j] < min[j])
                throw new InvalidDataException($"SQ8 range of dimension {j}: expected finite minimum ≤ maximum, found [{min[j].ToString(CultureInfo.InvariantCulture)}, {max[j].ToString(CultureInfo.InvariantCulture)}]");
        }
        SetRanges(min, max);
    }

    internal override long ParameterBytes => 8L * Dimension;

    /// <summary>Per query: aⱼ = qⱼ − minⱼ (L2), or wⱼ = qⱼ·stepⱼ and the constant q·min (inner product).</summary>
    private sealed class Scorer(SQ8Codec codec, Metric metric) : CodeScorer(codec, metric)
    {
        private readonly SQ8Codec _codec = codec;
        private readonly float[] _weights = new float[codec.Dimension];
        private float _constant;

        protected override void Prepare(ReadOnlySpan<float> query)
        {
            if (Metric == Metric.L2)
            {
                for (int j = 0; j < Dimension; j++) _weights[j] = query[j] - _codec._min[j];
                return;
            }
            double constant = 0;
            for (int j = 0; j < Dimension; j++)
            {
                _weights[j] = query[j] * _codec._step[j];
                constant += (double)query[j] * _codec._min[j];
            }
            _constant = (float)constant;
        }

        protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores)
        {
            int d = Dimension;
            KernelWidth width = _codec.Width;
            if (Metric == Metric.L2)
            {
                for (int i = 0; i < scores.Length; i++)
                    scores[i] = ByteKernels.SquaredDistance(_weights, _codec._step, codes.Slice(i * d, d), width);
                return;
            }
            for (int i = 0; i < scores.Length; i++)
                scores[i] = _constant + ByteKernels.Dot(_weights, codes.Slice(i * d, d), width);
        }
    }
}
