using System.Buffers.Binary;
using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class ResidualBinaryCodecTests
{
    [Fact]
    public void Encode_HandWorkedExample_TwoLevels()
    {
        // Without centering, trained on x = (3, −1) alone: r₀ = (3, −1), α₀ = mean|r₀| = 2, b₀ = (+, −) → plane
        // 0b01; r₁ = r₀ − 2·(1, −1) = (1, 1), α₁ = 1, b₁ = (+, +) → 0b11. The code is the two planes only (the scales
        // are shared, learned by training), and decodes to 2·(1, −1) + 1·(1, 1) = (3, −1) exactly.
        var codec = new ResidualBinaryCodec(2, 2, centering: false);
        Assert.False(codec.IsTrained);
        codec.Train([3, -1]);
        Assert.Equal([2f, 1f], codec.Scales.ToArray());
        Assert.Equal(2, codec.CodeSize);
        var code = new byte[codec.CodeSize];
        codec.Encode([3, -1], code);
        Assert.Equal(0b01, code[0]);
        Assert.Equal(0b11, code[1]);
        var back = new float[2];
        codec.Decode(code, back);
        Assert.Equal([3f, -1f], back);
    }

    [Fact]
    public void Train_LearnsOneScalePerPlane_OverAllVectorsAndDimensions()
    {
        // Two vectors without centering, x = (4, −2) and (0, 2): α₀ = mean of |4|, |−2|, |0|, |2| = 2; residuals after
        // subtracting 2·sign: (2, 0) and (−2, 0) (sign(0) = +1); α₁ = mean of 2, 0, 2, 0 = 1.
        var codec = new ResidualBinaryCodec(2, 2, centering: false);
        codec.Train([4, -2, 0, 2]);
        Assert.Equal([2f, 1f], codec.Scales.ToArray());
    }

    [Fact]
    public void Bin2AtDimension512_IsExactlyOneSixteenthOfTheFloats()
    {
        // Two planes of 512 bits are 2 × 64 = 128 bytes, and nothing else per vector: 2048 / 128 = 16. The earlier
        // layout (read only) added two float32 scales per vector: 136 bytes, 1/15.06.
        Assert.Equal(128, new ResidualBinaryCodec(512, 2).CodeSize);
        Assert.Equal(136, new ResidualBinaryCodec(512, 2, centering: true, perVectorScales: true).CodeSize);
        Assert.Equal(256, new ResidualBinaryCodec(512, 4).CodeSize);
    }

    [Fact]
    public void PerVectorScales_TheEarlierLayout_StillEncodesItsOwnScales()
    {
        // The earlier layout, kept for files written before: x = (3, −1) without centering gives α₀ = 2, α₁ = 1 from
        // the vector itself (as in Encode_HandWorkedExample_TwoLevels), stored after the planes as float32.
        var codec = new ResidualBinaryCodec(2, 2, centering: false, perVectorScales: true);
        Assert.True(codec.IsTrained);
        var code = new byte[codec.CodeSize];
        codec.Encode([3, -1], code);
        Assert.Equal(2f, BinaryPrimitives.ReadSingleLittleEndian(code.AsSpan(2)));
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(code.AsSpan(6)));
    }

    [Fact]
    public void MoreLevels_ReconstructBetter()
    {
        // Each level subtracts the best scaled sign vector from the residual, so ‖r‖² can only shrink:
        // ‖r − αb‖² = ‖r‖² − d·α² with α = mean|r|. The mean squared error must fall strictly level by level.
        float[] x = CodecReference.Uniform(200, 64, 1);
        double previous = double.MaxValue;
        foreach (int levels in new[] { 1, 2, 4, 8 })
        {
            var codec = new ResidualBinaryCodec(64, levels);
            codec.Train(x);
            var codes = new byte[200 * codec.CodeSize];
            codec.Encode(x, codes);
            var back = new float[x.Length];
            codec.Decode(codes, back);
            double error = x.Zip(back, (a, b) => (double)(a - b) * (a - b)).Average();
            Assert.True(error < previous, $"BIN{levels}: mean squared error {error} is not below {previous}");
            previous = error;
        }
        Assert.True(previous < 1e-3, "eight levels leave a small residual of a uniform vector");
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(4, true)]
    [InlineData(2, false)]
    public void Scores_AreTheMetricOnTheDecodedVectors(int levels, bool centering)
    {
        // Expected values: CodecReference (decode c + Σ αᵢbᵢ, then the metric in double), asymmetric and symmetric;
        // the codes' popcount and table formulas sum floats, within 1e-5 of the terms' scale.
        var codec = new ResidualBinaryCodec(45, levels, centering);
        float[] train = CodecReference.Uniform(100, 45, 1, 0, 2);
        codec.Train(train);
        CodecReference.AsymmetricMatchesDecoded(codec, CodecReference.Uniform(40, 45, 2, 0, 2), CodecReference.Uniform(3, 45, 3), 1e-5);
        CodecReference.SymmetricMatchesDecoded(codec, CodecReference.Uniform(20, 45, 4, 0, 2), 1e-5);
    }

    [Fact]
    public void Centering_NeedsTraining_AndLearnsTheMean()
    {
        var codec = new ResidualBinaryCodec(2, 2);
        Assert.False(codec.IsTrained);
        Assert.Throws<InvalidInputException>(() => codec.Encode([1, 2], new byte[codec.CodeSize]));
        codec.Train([0, 4, 2, 8]);
        Assert.Equal([1f, 6f], codec.Centre.ToArray());
        Assert.Equal("BIN2", codec.ToString());
    }

    [Fact]
    public void Constructor_Refuses_LevelsOutside1To8()
    {
        Assert.Throws<InvalidInputException>(() => new ResidualBinaryCodec(8, 0));
        Assert.Throws<InvalidInputException>(() => new ResidualBinaryCodec(8, 9));
    }
}
