using System.Numerics.Tensors;
using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class F16CodecTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(1, 256)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Conversion_EqualsTheScalarCast_BothWays(int n)
    {
        // Expected values: (Half)x and (float)h one value at a time, the IEEE round-to-nearest-even conversion
        // that TensorPrimitives vectorises (F16C on x64); values span normal, subnormal and zero halves.
        var random = new Random(n);
        float[] x = Enumerable.Range(0, n).Select(i => (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-8, 5)))).ToArray();
        var codec = new F16Codec(n);
        var code = new byte[codec.CodeSize];
        codec.Encode(x, code);
        var back = new float[n];
        codec.Decode(code, back);
        for (int j = 0; j < n; j++) Assert.Equal((float)(Half)x[j], back[j]);
    }

    [Fact]
    public void RoundTrip_RelativeError_IsAtMostTwoToTheMinusEleven_ForNormalHalves()
    {
        // Half has an 11-bit significand (10 stored + the implicit bit), so rounding to nearest is within
        // half an ulp: |x − h| ≤ 2⁻¹¹·|x| for |x| in the normal range [2⁻¹⁴, 65504].
        float[] x = CodecReference.Uniform(500, 16, 3, 1f / 16384, 60000);
        for (int i = 0; i < x.Length; i += 2) x[i] = -x[i];
        var codec = new F16Codec(16);
        var codes = new byte[500 * codec.CodeSize];
        codec.Encode(x, codes);
        var back = new float[x.Length];
        codec.Decode(codes, back);
        for (int j = 0; j < x.Length; j++)
            Assert.True(Math.Abs(x[j] - back[j]) <= Math.Abs(x[j]) * Math.Pow(2, -11), $"{x[j]} came back as {back[j]}");
    }

    [Fact]
    public void Encode_Refuses_ValuesBeyondHalfRange_NamingVectorAndComponent()
    {
        var codec = new F16Codec(3);
        var e = Assert.Throws<InvalidInputException>(() => codec.Encode([1, 2, 3, 4, 70000, 6], new byte[12]));
        Assert.Contains("vector 1, component 1: 70000 is beyond float16's range (±65504)", e.Message);
    }

    [Fact]
    public void NeedsNoTraining_AndTrainIsANoOp()
    {
        var codec = new F16Codec(4);
        Assert.True(codec.IsTrained);
        codec.Train([1, 2, 3, 4]);
        Assert.True(codec.IsTrained);
        Assert.Equal(8, codec.CodeSize);
    }

    [Fact]
    public void Scores_AreTheMetricOnTheDecodedVectors()
    {
        // Expected values: CodecReference (decode, then the metric in double); float32 sums within 1e-5 relative.
        var codec = new F16Codec(37);
        CodecReference.AsymmetricMatchesDecoded(codec, CodecReference.Uniform(70, 37, 1), CodecReference.Uniform(3, 37, 2), 1e-5);
        CodecReference.SymmetricMatchesDecoded(codec, CodecReference.Uniform(20, 37, 4), 1e-5);
    }

    [Fact]
    public void Scorer_UnderCosine_NormalisesTheQuery()
    {
        // Code of (0.6, 0.8) (exact in half? 0.6 is not: the decoded value is used); query (3, 4) → unit (0.6, 0.8).
        var codec = new F16Codec(2);
        var code = new byte[4];
        codec.Encode([0.6f, 0.8f], code);
        ICodeScorer scorer = codec.CreateScorer(Metric.Cosine);
        scorer.SetQuery([3, 4]);
        var score = new float[1];
        scorer.Score(code, score);
        var decoded = new float[2];
        codec.Decode(code, decoded);
        Assert.Equal(0.6 * decoded[0] + 0.8 * decoded[1], score[0], 1e-6);
        Assert.Throws<InvalidInputException>(() => scorer.SetQuery([0, 0]));
    }

    [Fact]
    public void TensorPrimitivesHalfConversion_IsTheOneUsed()
    {
        // Guards the claim in F16Codec's documentation: the code bytes are TensorPrimitives.ConvertToHalf's output.
        float[] x = [1.5f, -2.25f, 1e-7f, 65504f];
        var expected = new Half[4];
        TensorPrimitives.ConvertToHalf(x, expected);
        var code = new byte[8];
        new F16Codec(4).Encode(x, code);
        Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(code).ToArray());
    }
}
