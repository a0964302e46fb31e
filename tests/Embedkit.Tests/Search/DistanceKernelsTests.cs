using Embedkit.Search;

namespace Embedkit.Tests.Search;

public unsafe class DistanceKernelsTests
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

    private static void SameBits(float expected, float actual, string what)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
            Assert.Fail($"{what}: expected {expected:R}, found {actual:R}");
    }

    [Fact]
    public void EveryKernel_AtEveryWidth_IsBitIdenticalToTheScalarReference_ForDimensions1To256()
    {
        // Expected values: SquaredL2Scalar and DotKernels.DotScalar, the documented order (16 fused partial sums,
        // then halving); one- and four-row kernels must agree with them bit for bit at every width.
        var random = new Random(21);
        float* four = stackalloc float[4];
        for (int d = 1; d <= 256; d++)
        {
            int stride = DotKernels.Stride(d);
            float[] q = Padded(1, d, stride, random), x = Padded(4, d, stride, random);
            var l2 = new float[4];
            var dot = new float[4];
            for (int j = 0; j < 4; j++)
            {
                l2[j] = DistanceKernels.SquaredL2Scalar(q, x.AsSpan(j * stride, stride));
                dot[j] = DotKernels.DotScalar(q, x.AsSpan(j * stride, stride));
            }
            fixed (float* qp = q)
            fixed (float* xp = x)
            {
                foreach (KernelWidth width in Widths)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        SameBits(l2[j], DistanceKernels.SquaredL2(qp, xp + j * stride, stride, width), $"SquaredL2 d = {d}, {width}, row {j}");
                        SameBits(dot[j], DistanceKernels.Dot(qp, xp + j * stride, stride, width), $"Dot d = {d}, {width}, row {j}");
                    }
                    DistanceKernels.SquaredL2x4(qp, xp, xp + stride, xp + 2 * stride, xp + 3 * stride, stride, four, width);
                    for (int j = 0; j < 4; j++) SameBits(l2[j], four[j], $"SquaredL2x4 d = {d}, {width}, row {j}");
                    DistanceKernels.Dotx4(qp, xp, xp + stride, xp + 2 * stride, xp + 3 * stride, stride, four, width);
                    for (int j = 0; j < 4; j++) SameBits(dot[j], four[j], $"Dotx4 d = {d}, {width}, row {j}");
                }
                SameBits(l2[0], DistanceKernels.SquaredL2(qp, xp, stride), $"SquaredL2 d = {d}, best width");
                SameBits(dot[0], DistanceKernels.Dot(qp, xp, stride), $"Dot d = {d}, best width");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(784)]
    public void SquaredL2Scalar_IsTheSquaredDistance_WithinFloatRounding(int d)
    {
        // Expected values: Σ(aᵢ − bᵢ)² in double; 16 partial float sums of non-negative terms are within d·2⁻²³ relative.
        var random = new Random(d);
        int stride = DotKernels.Stride(d);
        float[] a = Padded(1, d, stride, random), b = Padded(1, d, stride, random);
        double exact = 0;
        for (int c = 0; c < d; c++) exact += ((double)a[c] - b[c]) * ((double)a[c] - b[c]);
        Assert.Equal(exact, DistanceKernels.SquaredL2Scalar(a, b), exact * d * Math.Pow(2, -23));
    }

    [Fact]
    public void SquaredL2_HandWorked()
    {
        // (1, 2, 3) and (4, 6, 3): 3² + 4² + 0² = 25, padded to 16 floats with zeros.
        float[] a = new float[16], b = new float[16];
        a[0] = 1; a[1] = 2; a[2] = 3;
        b[0] = 4; b[1] = 6; b[2] = 3;
        fixed (float* ap = a)
        fixed (float* bp = b)
        {
            Assert.Equal(25f, DistanceKernels.SquaredL2(ap, bp, 16));
            Assert.Equal(25f, DistanceKernels.Dot(ap, bp, 16)); // 4 + 12 + 9
        }
    }
}
