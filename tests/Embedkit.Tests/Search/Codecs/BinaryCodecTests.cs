using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class BinaryCodecTests
{
    [Fact]
    public void Encode_PacksSignBits_LeastSignificantFirst()
    {
        // Hand-worked: without centering, x = (1, −1, 0, −2, 3, −0.5, 2, 2, −1, 5) has bits (≥ 0) 1,0,1,0,1,0,1,1 | 0,1:
        // byte 0 = 0b1101_0101 = 0xD5, byte 1 = 0b10 = 2 (bits past the dimension stay 0).
        var codec = new BinaryCodec(10, centering: false);
        codec.Train(new float[10]);
        var code = new byte[2];
        codec.Encode([1, -1, 0, -2, 3, -0.5f, 2, 2, -1, 5], code);
        Assert.Equal(new byte[] { 0xD5, 0x02 }, code);
    }

    [Fact]
    public void Centering_SubtractsTheTrainingMean_AndScalesAreTheMeanAbsoluteDeviation()
    {
        // Training rows (10, 10) and (20, 30): centre (15, 20), scales mean |x − c| = (5, 10).
        // (16, 19) − (15, 20) = (1, −1) → bits 1, 0 → 0b01; it decodes to (15 + 5, 20 − 10) = (20, 10).
        var codec = new BinaryCodec(2);
        codec.Train([10, 10, 20, 30]);
        Assert.Equal([15f, 20f], codec.Centre.ToArray());
        Assert.Equal([5f, 10f], codec.Scales.ToArray());
        var code = new byte[1];
        codec.Encode([16, 19], code);
        Assert.Equal(1, code[0]);
        var back = new float[2];
        codec.Decode(code, back);
        Assert.Equal([20f, 10f], back);
    }

    [Fact]
    public void AsymmetricScores_AreTheMetricOnTheDecodedVectors()
    {
        // Expected values: CodecReference (decode to c ± s, then the metric in double).
        var codec = new BinaryCodec(77);
        codec.Train(CodecReference.Uniform(100, 77, 1));
        CodecReference.AsymmetricMatchesDecoded(codec, CodecReference.Uniform(40, 77, 2), CodecReference.Uniform(3, 77, 3), 1e-5);
    }

    [Fact]
    public void SymmetricScores_AreHammingEstimates()
    {
        // Documented mapping of the Hamming distance h: cosine/ip 1 − 2h/d, l2 4·h·mean(sⱼ²).
        var codec = new BinaryCodec(16, centering: false);
        codec.Train([.. Enumerable.Repeat(2f, 16), .. Enumerable.Repeat(-2f, 16)]); // scales all 2
        var a = new byte[2];
        var b = new byte[2];
        codec.Encode([.. Enumerable.Repeat(1f, 16)], a);
        codec.Encode([.. Enumerable.Repeat(1f, 12), .. Enumerable.Repeat(-1f, 4)], b); // h = 4
        Assert.Equal(1 - 2 * 4 / 16f, codec.SymmetricScore(a, b, Metric.Cosine));
        Assert.Equal(1 - 2 * 4 / 16f, codec.SymmetricScore(a, b, Metric.InnerProduct));
        Assert.Equal(4 * 4 * 4f, codec.SymmetricScore(a, b, Metric.L2)); // = ‖decode(a) − decode(b)‖² = 4 × (2·2)²
        ICodeScorer scorer = codec.CreateScorer(Metric.L2, CodeScoring.Symmetric);
        scorer.SetQuery([.. Enumerable.Repeat(1f, 16)]);
        var scores = new float[2];
        scorer.Score([.. a, .. b], scores);
        Assert.Equal([0f, 64f], scores);
    }

    [Fact]
    public void UseBeforeTraining_IsAClearError()
    {
        var codec = new BinaryCodec(8);
        var e = Assert.Throws<InvalidInputException>(() => codec.Encode(new float[8], new byte[1]));
        Assert.Contains("the BIN1 codec is not trained", e.Message);
    }
}
