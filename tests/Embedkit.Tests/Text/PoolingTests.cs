using Embedkit.Text;

namespace Embedkit.Tests.Text;

public class PoolingTests
{
    // Three real tokens of dimension 2, then one padding row (99s) that must never count.
    private static readonly float[] Hidden = [1, 2, 3, -4, 5, 0, 99, 99];

    [Theory]
    [InlineData(PoolingMode.Mean, new[] { 3f, -2f / 3 })] // ((1+3+5)/3, (2-4+0)/3)
    [InlineData(PoolingMode.Cls, new[] { 1f, 2f })] // the first token
    [InlineData(PoolingMode.LastToken, new[] { 5f, 0f })] // the third (last real) token, not the padding
    [InlineData(PoolingMode.Max, new[] { 5f, 2f })] // element-wise max over the three
    public void Pool_IgnoresPadding(PoolingMode mode, float[] expected)
    {
        var result = new float[2];
        Pooling.Pool(mode, Hidden, 3, 2, result);
        Assert.Equal(expected[0], result[0], 6);
        Assert.Equal(expected[1], result[1], 6);
    }

    [Fact]
    public void NormalizeL2_ScalesToUnitLength_AndLeavesZeroAlone()
    {
        float[] v = [3, 4];
        Pooling.NormalizeL2(v);
        Assert.Equal([0.6f, 0.8f], v); // 3-4-5 triangle
        float[] zero = [0, 0];
        Pooling.NormalizeL2(zero);
        Assert.Equal([0f, 0f], zero);
    }

    [Theory]
    [InlineData("mean", PoolingMode.Mean)]
    [InlineData("CLS", PoolingMode.Cls)]
    [InlineData("last", PoolingMode.LastToken)]
    [InlineData("max", PoolingMode.Max)]
    public void TryParse_ReadsNames_AndNameRoundTrips(string text, PoolingMode mode)
    {
        Assert.True(Pooling.TryParse(text, out var parsed));
        Assert.Equal(mode, parsed);
        Assert.True(Pooling.TryParse(Pooling.Name(mode), out var again));
        Assert.Equal(mode, again);
        Assert.False(Pooling.TryParse("average", out _));
    }
}
