using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class SQ8CodecTests
{
    [Fact]
    public void RoundTrip_ErrorPerDimension_IsAtMostHalfAStep()
    {
        // Hand-worked bound: levels are stepⱼ = (maxⱼ − minⱼ)/255 apart and encoding rounds to the nearest, so
        // |x − decode(encode(x))| ≤ stepⱼ/2 = (maxⱼ − minⱼ)/255/2 for x in the training range (plus float
        // rounding: 1e-6 of the range). Each dimension gets its own range.
        int d = 9;
        float[] train = CodecReference.Uniform(300, d, 1);
        for (int i = 0; i < train.Length; i++) train[i] *= 1 + i % d * 10;
        var codec = new SQ8Codec(d);
        codec.Train(train);
        var codes = new byte[300 * d];
        codec.Encode(train, codes);
        var back = new float[train.Length];
        codec.Decode(codes, back);
        for (int j = 0; j < d; j++)
        {
            double range = codec.Maxima[j] - codec.Minima[j];
            for (int i = 0; i < 300; i++)
                Assert.True(Math.Abs(train[i * d + j] - back[i * d + j]) <= range / 255 / 2 + 1e-6 * range);
        }
    }

    [Fact]
    public void Encode_HandWorkedExample_AndClampsOutsideTheRange()
    {
        // Training rows (0, 10) and (255, 520): both steps are exact, 255/255 = 1 and 510/255 = 2.
        // x = (100.4, 265) → levels (round(100.4) = 100, round((265 − 10)/2 = 127.5) = 128, half to even);
        // (−5, 600) is outside the range and clamps to levels (0, 255).
        var codec = new SQ8Codec(2);
        codec.Train([0, 10, 255, 520]);
        var codes = new byte[4];
        codec.Encode([100.4f, 265, -5, 600], codes);
        Assert.Equal(new byte[] { 100, 128, 0, 255 }, codes);
        var back = new float[4];
        codec.Decode(codes, back);
        Assert.Equal([100f, 10 + 128 * 2f, 0f, 520f], back);
    }

    [Fact]
    public void Scores_AreTheMetricOnTheDecodedVectors()
    {
        // Expected values: CodecReference (decode, then the metric in double); float32 sums within 1e-5 relative.
        var codec = new SQ8Codec(70);
        codec.Train(CodecReference.Uniform(200, 70, 1));
        CodecReference.AsymmetricMatchesDecoded(codec, CodecReference.Uniform(50, 70, 2), CodecReference.Uniform(3, 70, 3, -2, 2), 1e-5);
        CodecReference.SymmetricMatchesDecoded(codec, CodecReference.Uniform(20, 70, 4), 1e-5);
    }

    [Fact]
    public void EveryKernelWidth_GivesIdenticalScores()
    {
        // The scorer's kernels are bit-identical across widths (ByteKernelsTests); this checks it end to end.
        var codec = new SQ8Codec(100);
        codec.Train(CodecReference.Uniform(100, 100, 1));
        float[] x = CodecReference.Uniform(30, 100, 2);
        var codes = new byte[30 * 100];
        codec.Encode(x, codes);
        float[] Scores(KernelWidth width, Metric metric)
        {
            codec.Width = width;
            ICodeScorer scorer = codec.CreateScorer(metric);
            scorer.SetQuery(x.AsSpan(0, 100));
            var s = new float[30];
            scorer.Score(codes, s);
            return s;
        }
        foreach (Metric metric in Enum.GetValues<Metric>())
        {
            float[] reference = Scores(KernelWidth.Scalar, metric);
            foreach (KernelWidth width in Enum.GetValues<KernelWidth>().Where(w => w <= ByteKernels.Best))
                Assert.Equal(reference, Scores(width, metric));
        }
    }

    [Fact]
    public void UseBeforeTraining_IsAClearError()
    {
        var codec = new SQ8Codec(3);
        Assert.False(codec.IsTrained);
        var encode = Assert.Throws<InvalidInputException>(() => codec.Encode([1, 2, 3], new byte[3]));
        Assert.Contains("the SQ8 codec is not trained: call Train with representative vectors before encoding", encode.Message);
        Assert.Throws<InvalidInputException>(() => codec.Decode(new byte[3], new float[3]));
        Assert.Throws<InvalidInputException>(() => codec.CreateScorer(Metric.L2));
        Assert.Throws<InvalidInputException>(() => codec.SymmetricScore(new byte[3], new byte[3], Metric.L2));
    }

    [Fact]
    public void Train_Refuses_NaN_DimensionMismatch_AndASecondTraining()
    {
        var codec = new SQ8Codec(3);
        var nan = Assert.Throws<InvalidInputException>(() => codec.Train([1, 2, 3, 4, float.NaN, 6]));
        Assert.Contains("vector 1, component 1: expected a finite number, found NaN", nan.Message);
        var shape = Assert.Throws<InvalidInputException>(() => codec.Train([1, 2, 3, 4]));
        Assert.Contains("the SQ8 codec has dimension 3, but the training vectors hold 4 values", shape.Message);
        var empty = Assert.Throws<InvalidInputException>(() => codec.Train([]));
        Assert.Contains("needs at least 1 training vectors, found 0", empty.Message);
        codec.Train([1, 2, 3]);
        var again = Assert.Throws<InvalidInputException>(() => codec.Train([1, 2, 3]));
        Assert.Contains("already trained", again.Message);
    }

    [Fact]
    public void Encode_Refuses_NaN_AndBuffersOfTheWrongLength()
    {
        var codec = new SQ8Codec(2);
        codec.Train([0, 0, 1, 1]);
        Assert.Throws<InvalidInputException>(() => codec.Encode([float.PositiveInfinity, 0], new byte[2]));
        Assert.Throws<ArgumentException>(() => codec.Encode([0, 0], new byte[3]));
        Assert.Throws<ArgumentException>(() => codec.Decode(new byte[3], new float[2]));
    }
}
