using Embedkit.Search;

namespace Embedkit.Tests.Search;

public class DotKernelsTests
{
    private static readonly KernelWidth[] Widths = [KernelWidth.Scalar, KernelWidth.Vector128, KernelWidth.Vector256, KernelWidth.Vector512];

    /// <summary>Rows of random values in [−1, 1), each padded with zeros from <paramref name="d"/> to its stride.</summary>
    private static float[] Padded(int rows, int d, int stride, Random random)
    {
        var a = new float[rows * stride];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++) a[r * stride + c] = (float)(random.NextDouble() * 2 - 1);
        return a;
    }

    [Fact]
    public void Tile_EveryWidth_IsBitIdenticalToTheScalarReference_ForDimensions1To256()
    {
        // Expected values: DotKernels.DotScalar, the documented order (16 fused partial sums, then halving).
        var random = new Random(11);
        for (int d = 1; d <= 256; d++)
        {
            int stride = DotKernels.Stride(d);
            float[] q = Padded(DotKernels.TileQueries, d, stride, random);
            float[] x = Padded(DotKernels.TileRows, d, stride, random);
            var expected = new float[DotKernels.TileQueries * DotKernels.TileRows];
            for (int i = 0; i < DotKernels.TileQueries; i++)
                for (int j = 0; j < DotKernels.TileRows; j++)
                    expected[i * DotKernels.TileRows + j] = DotKernels.DotScalar(q.AsSpan(i * stride, stride), x.AsSpan(j * stride, stride));
            foreach (KernelWidth width in Widths)
            {
                var actual = new float[expected.Length];
                DotKernels.Tile(q, x, stride, actual, width);
                for (int e = 0; e < expected.Length; e++)
                {
                    if (BitConverter.SingleToInt32Bits(expected[e]) != BitConverter.SingleToInt32Bits(actual[e]))
                        Assert.Fail($"d = {d}, width {width}, pair {e}: expected {expected[e]:R}, found {actual[e]:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(784)]
    public void DotScalar_IsTheDotProduct_WithinFloatRounding(int d)
    {
        // Expected values: the same sum in double precision; 16 partial float sums are within d·2⁻²⁴ relative of it.
        var random = new Random(d);
        int stride = DotKernels.Stride(d);
        float[] a = Padded(1, d, stride, random), b = Padded(1, d, stride, random);
        double exact = 0, magnitude = 0;
        for (int c = 0; c < d; c++)
        {
            exact += (double)a[c] * b[c];
            magnitude += Math.Abs((double)a[c] * b[c]);
        }
        Assert.InRange(DotKernels.DotScalar(a, b), exact - d * 6e-8 * magnitude - 1e-30, exact + d * 6e-8 * magnitude + 1e-30);
    }

    [Fact]
    public void Stride_RoundsUpToSixteen()
    {
        Assert.Equal(16, DotKernels.Stride(1));
        Assert.Equal(16, DotKernels.Stride(16));
        Assert.Equal(32, DotKernels.Stride(17));
        Assert.Equal(784, DotKernels.Stride(784)); // 49 × 16: Fashion-MNIST needs no padding
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(100)]
    public void ExactScores_EqualDoubleSums_AndAreExactOnIntegers(int d)
    {
        // Integer values 0..255 (as in image data): every partial sum is an integer below 2⁵³, so any order is exact.
        var random = new Random(d);
        var a = new float[d];
        var b = new float[d];
        long squared = 0, dot = 0;
        for (int c = 0; c < d; c++)
        {
            a[c] = random.Next(256);
            b[c] = random.Next(256);
            squared += (long)(a[c] - b[c]) * (long)(a[c] - b[c]);
            dot += (long)a[c] * (long)b[c];
        }
        Assert.Equal(squared, DotKernels.ExactSquaredDistance(a, b));
        Assert.Equal(dot, DotKernels.ExactDot(a, b));
    }

    [Fact]
    public void Tile_Rejects_StrideThatIsNotAMultipleOf16() =>
        Assert.Throws<ArgumentException>(() => DotKernels.Tile(new float[6 * 8], new float[4 * 8], 8, new float[24], KernelWidth.Scalar));
}
