using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Embedkit.Search;

/// <summary>
/// Half precision (<c>F16</c>): each value stored as an IEEE 754 binary16 <see cref="Half"/>, 2 bytes per
/// dimension (half the float memory), converted with <see cref="TensorPrimitives.ConvertToHalf"/> and back
/// with <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/> (F16C instructions on x64).
/// Nothing to train. Rounding is to nearest even, so a value of magnitude between 2⁻¹⁴ and 65504 comes back
/// within a relative error of 2⁻¹¹; smaller magnitudes become subnormal halves (absolute error at most 2⁻²⁵).
/// Magnitudes above 65504 cannot be stored and are refused. FAISS's <c>SQfp16</c>.
/// </summary>
/// <remarks>Scores are computed in float32 against the decoded values, so they equal the metric on the decoded vectors up to float rounding.</remarks>
public sealed class F16Codec : VectorCodec
{
    /// <summary>Codes scored per conversion block.</summary>
    internal const int Block = 32;

    /// <summary>Creates the codec; it needs no training.</summary>
    /// <exception cref="InvalidInputException">When <paramref name="dimension"/> is not positive.</exception>
    public F16Codec(int dimension) : base(dimension)
    {
    }

    /// <inheritdoc/>
    public override int CodeSize => 2 * Dimension;

    /// <inheritdoc/>
    public override bool IsTrained => true;

    /// <inheritdoc/>
    public override int MinimumTrainingVectors => 0;

    /// <inheritdoc/>
    public override string ToString() => "F16";

    private protected override bool NeedsTraining => false;

    private protected override void TrainCore(ReadOnlySpan<float> vectors, int count, TrainingOptions options)
    {
    }

    private protected override void EncodeCore(ReadOnlySpan<float> vectors, int count, Span<byte> codes)
    {
        float largest = TensorPrimitives.MaxMagnitude(vectors);
        if (MathF.Abs(largest) > (float)Half.MaxValue)
        {
            int at = 0;
            while (MathF.Abs(vectors[at]) <= (float)Half.MaxValue) at++;
            ThrowHelper.InvalidInput(
                $"vector {at / Dimension}, component {at % Dimension}: {vectors[at].ToString(CultureInfo.InvariantCulture)} is beyond float16's range (±65504); scale the vectors down or use SQ8",
                field: "vectors");
        }
        TensorPrimitives.ConvertToHalf(vectors, MemoryMarshal.Cast<byte, Half>(codes));
    }

    private protected override void DecodeCore(ReadOnlySpan<byte> codes, int count, Span<float> vectors) =>
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(codes), vectors);

    private protected override CodeScorer CreateAsymmetric(Metric metric) => new Scorer(this, metric);

    internal override float SymmetricScoreCore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric)
    {
        int d = Dimension;
        Span<float> x = d <= 2048 ? stackalloc float[d] : new float[d];
        Span<float> y = d <= 2048 ? stackalloc float[d] : new float[d];
        DecodeCore(a, 1, x);
        DecodeCore(b, 1, y);
        return metric == Metric.L2 ? CodecMath.SquaredDistance(x, y) : TensorPrimitives.Dot<float>(x, y);
    }

    internal override long ParameterBytes => 0;

    internal override void WriteParameters(BinaryWriter writer)
    {
    }

    internal override void ReadParameters(BinaryReader reader)
    {
    }

    /// <summary>Converts a block of codes to floats (SIMD), then scores each decoded row.</summary>
    private sealed class Scorer(F16Codec codec, Metric metric) : CodeScorer(codec, metric)
    {
        private readonly float[] _query = new float[codec.Dimension];
        private readonly float[] _block = new float[Block * codec.Dimension];

        protected override void Prepare(ReadOnlySpan<float> query) => query.CopyTo(_query);

        protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores)
        {
            int d = Dimension;
            ReadOnlySpan<Half> halves = MemoryMarshal.Cast<byte, Half>(codes);
            bool l2 = Metric == Metric.L2;
            for (int first = 0; first < scores.Length; first += Block)
            {
                int rows = Math.Min(Block, scores.Length - first);
                Span<float> block = _block.AsSpan(0, rows * d);
                TensorPrimitives.ConvertToSingle(halves.Slice(first * d, rows * d), block);
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = block.Slice(r * d, d);
                    scores[first + r] = l2 ? CodecMath.SquaredDistance(_query, row) : TensorPrimitives.Dot<float>(_query, row);
                }
            }
        }
    }
}
