using Embedkit.SkipGram;

namespace Embedkit.Tests.SkipGram;

public unsafe class SgnsKernelTests
{
    public static TheoryData<int> PaddedLengths() => new(Enumerable.Range(1, 16).Select(i => i * 16));

    [Theory]
    [MemberData(nameof(PaddedLengths))]
    public void Dot_MatchesTheScalarReference(int length)
    {
        var (a, b) = (RandomVector(length, 1), RandomVector(length, 2));
        fixed (float* pa = a, pb = b)
        {
            double reference = 0;
            for (int i = 0; i < length; i++) reference += (double)a[i] * b[i];
            Assert.Equal(reference, SgnsKernel.Dot(pa, pb, length), 4);
            Assert.Equal(reference, SgnsKernel.DotScalar(pa, pb, length), 4);
        }
    }

    [Theory]
    [MemberData(nameof(PaddedLengths))]
    public void Update_MatchesTheScalarReference(int length)
    {
        var accumulator = RandomVector(length, 3);
        var row = RandomVector(length, 4);
        var input = RandomVector(length, 5);
        var (accumulator2, row2) = ((float[])accumulator.Clone(), (float[])row.Clone());
        const float g = -0.0173f;
        fixed (float* acc = accumulator, r = row, x = input, acc2 = accumulator2, r2 = row2)
        {
            SgnsKernel.Update(acc, r, x, g, length);
            SgnsKernel.UpdateScalar(acc2, r2, x, g, length);
        }
        // Both are fused multiply-adds of the same operands: equal to the last bit. And the reference is
        // accumulator + g·old row and row + g·input.
        Assert.Equal(accumulator2, accumulator);
        Assert.Equal(row2, row);
        var (a0, r0) = (RandomVector(length, 3), RandomVector(length, 4));
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(a0[i] + g * r0[i], accumulator[i], 5);
            Assert.Equal(r0[i] + g * input[i], row[i], 5);
        }
    }

    [Theory]
    [MemberData(nameof(PaddedLengths))]
    public void AddAndClear_AddsThenZeroes(int length)
    {
        var row = RandomVector(length, 6);
        var source = RandomVector(length, 7);
        var expected = row.Zip(source, (x, y) => x + y).ToArray();
        fixed (float* r = row, s = source) SgnsKernel.AddAndClear(r, s, length);
        Assert.Equal(expected, row);
        Assert.All(source, v => Assert.Equal(0f, v));
    }

    private static float[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
