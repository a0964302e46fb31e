using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class HammingKernelsTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(1, 256)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Distance_EqualsTheBytewiseReference(int length)
    {
        // Expected values: DistanceScalar, popcount of each byte's XOR summed byte by byte. Slices start at odd
        // offsets so that the 64-bit reads are unaligned.
        var random = new Random(length);
        byte[] a = new byte[length + 3], b = new byte[length + 5];
        random.NextBytes(a);
        random.NextBytes(b);
        ReadOnlySpan<byte> x = a.AsSpan(3, length), y = b.AsSpan(5, length);
        Assert.Equal(HammingKernels.DistanceScalar(x, y), HammingKernels.Distance(x, y));
    }

    [Fact]
    public void Distance_CountsDifferingBits_ByHand()
    {
        // 0b1011_0000 vs 0b0000_1101: every one of the 6 set bits differs; 0xFF vs 0x00: 8. Total 14.
        Assert.Equal(14, HammingKernels.Distance([0b1011_0000, 0xFF], [0b0000_1101, 0x00]));
        Assert.Equal(0, HammingKernels.Distance([1, 2, 3], [1, 2, 3]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(98)]
    [InlineData(200)]
    public void Distances_ScansAPlaneAtAnOffsetOfEachCode(int length)
    {
        // Expected values: Distance of the query with each code's bytes [4, 4 + length), one at a time.
        var random = new Random(length);
        int size = length + 9;
        byte[] query = new byte[length], codes = new byte[7 * size];
        random.NextBytes(query);
        random.NextBytes(codes);
        var distances = new int[7];
        HammingKernels.Distances(query, codes, size, 4, distances);
        for (int i = 0; i < 7; i++)
            Assert.Equal(HammingKernels.DistanceScalar(query, codes.AsSpan(i * size + 4, length)), distances[i]);
    }
}
