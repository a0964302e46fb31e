using Embedkit.Search;

namespace Embedkit.Tests.Search;

public unsafe class ExactKernelsTests
{
    [Fact]
    public void SquaredDistanceAndDot_AreBitIdenticalToTheScalarReferences_ForLengths1To256()
    {
        // Expected values: DotKernels.ExactSquaredDistance and ExactDot (8 double partial sums, fixed combining order),
        // which FlatIndex reports; values over several magnitudes so that rounding differences would show.
        var random = new Random(31);
        for (int n = 1; n <= 256; n++)
        {
            float[] a = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
            float[] b = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
            fixed (float* ap = a)
            fixed (float* bp = b)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(DotKernels.ExactSquaredDistance(a, b)), BitConverter.DoubleToInt64Bits(ExactKernels.SquaredDistance(ap, bp, n)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(DotKernels.ExactDot(a, b)), BitConverter.DoubleToInt64Bits(ExactKernels.Dot(ap, bp, n)));
            }
        }
    }
}
