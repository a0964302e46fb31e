using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class ByteKernelsTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(1, 256)];

    /// <summary>The widths this machine runs (the Vector512 path needs AVX-512).</summary>
    private static IEnumerable<KernelWidth> Widths() =>
        Enum.GetValues<KernelWidth>().Where(w => w <= ByteKernels.Best);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryKernel_IsBitIdentical_AcrossWidths_AndCloseToTheDoubleDefinition(int n)
    {
        // Expected values: the scalar path (KernelWidth.Scalar, the fixed 64-lane order) bit for bit, and the
        // definitions Σ wⱼuⱼ, Σ (aⱼ − sⱼuⱼ)², Σ wⱼ(xⱼ − yⱼ)², Σ wⱼxⱼyⱼ computed in double within 1e-5 relative.
        // Codes cover 0 and 255 (the widening must not sign-extend: 255 is 255, not −1).
        var random = new Random(n);
        float[] w = Floats(random, n), a = Floats(random, n), s = Floats(random, n);
        byte[] x = new byte[n], y = new byte[n];
        random.NextBytes(x);
        random.NextBytes(y);
        x[0] = 255;
        y[^1] = 0;

        double dot = 0, l2 = 0, diff = 0, product = 0;
        for (int j = 0; j < n; j++)
        {
            dot += (double)w[j] * x[j];
            double t = a[j] - (double)s[j] * x[j];
            l2 += t * t;
            diff += (double)w[j] * (x[j] - y[j]) * (x[j] - y[j]);
            product += (double)w[j] * x[j] * y[j];
        }
        float[] reference =
        [
            ByteKernels.Dot(w, x, KernelWidth.Scalar),
            ByteKernels.SquaredDistance(a, s, x, KernelWidth.Scalar),
            ByteKernels.WeightedSquaredDifference(w, x, y, KernelWidth.Scalar),
            ByteKernels.WeightedProduct(w, x, y, KernelWidth.Scalar),
        ];
        double[] exact = [dot, l2, diff, product];
        double[] scale = [Math.Abs(dot) + 255.0 * n, l2, Math.Abs(diff) + 65025.0 * n, Math.Abs(product) + 65025.0 * n];
        for (int i = 0; i < 4; i++) Assert.Equal(exact[i], reference[i], 1e-5 * Math.Max(1, scale[i]));

        foreach (KernelWidth width in Widths())
        {
            Assert.Equal(reference[0], ByteKernels.Dot(w, x, width));
            Assert.Equal(reference[1], ByteKernels.SquaredDistance(a, s, x, width));
            Assert.Equal(reference[2], ByteKernels.WeightedSquaredDifference(w, x, y, width));
            Assert.Equal(reference[3], ByteKernels.WeightedProduct(w, x, y, width));
        }
    }

    [Fact]
    public void Dot_WidensBytes_WhereSummingInEightBitsWouldOverflow()
    {
        // 300 codes of 255 with weight 1: 76,500 (hand computation), far beyond what an 8-bit sum holds.
        byte[] codes = Enumerable.Repeat((byte)255, 300).ToArray();
        float[] ones = Enumerable.Repeat(1f, 300).ToArray();
        foreach (KernelWidth width in Widths())
            Assert.Equal(76_500f, ByteKernels.Dot(ones, codes, width));
    }

    private static float[] Floats(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
