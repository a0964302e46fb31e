using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class LookupKernelsTests
{
    public static TheoryData<int> Positions() => [.. Enumerable.Range(1, 256)];

    [Theory]
    [MemberData(nameof(Positions))]
    public void Sum_EqualsTheScalarReference_BitForBit_ForEveryCodeOfTheBatch(int positions)
    {
        // Expected values: SumScalar, the fixed order (even positions, odd positions, then their sum) one code
        // at a time. 11 codes exercise the 4-at-a-time path and a tail of 3; codes carry 2 bytes before and 1
        // after the scanned positions (offset 2), as a binary codec's planes do.
        var random = new Random(positions);
        float[] table = Enumerable.Range(0, positions * 256).Select(_ => (float)(random.NextDouble() * 100 - 50)).ToArray();
        int size = positions + 3;
        byte[] codes = new byte[11 * size];
        random.NextBytes(codes);
        var sums = new float[11];

        LookupKernels.Sum(table, codes, size, 2, positions, sums);

        for (int i = 0; i < 11; i++)
            Assert.Equal(LookupKernels.SumScalar(table, codes.AsSpan(i * size + 2, positions), positions), sums[i]);
    }

    [Fact]
    public void SumScalar_AddsOneEntryPerPosition()
    {
        // Hand computation: positions 0, 1, 2 pick entries 5, 0 and 255 of their tables (table p, entry v = 1000p + v):
        // (0 + 5) + (2000 + 255) and the odd position 1000 + 0 → 5 + 2255 + 1000 = 3260.
        float[] table = Enumerable.Range(0, 3 * 256).Select(i => (float)(i / 256 * 1000 + i % 256)).ToArray();
        Assert.Equal(3260f, LookupKernels.SumScalar(table, [5, 0, 255], 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    public void BitTables_EntryIsTheSumOfTheWeightsOfItsSetBits(int dimension)
    {
        // Expected values: the definition, entry v of table p = Σ over bits k set in v of weight 8p + k (0 past the end).
        var random = new Random(dimension);
        float[] weights = Enumerable.Range(0, dimension).Select(_ => (float)random.Next(-100, 100)).ToArray();
        int bytes = (dimension + 7) / 8;
        var tables = new float[bytes * 256];
        LookupKernels.BitTables(weights, tables);
        for (int p = 0; p < bytes; p++)
        {
            for (int v = 0; v < 256; v++)
            {
                float expected = 0;
                for (int k = 0; k < 8; k++)
                    if ((v & (1 << k)) != 0 && 8 * p + k < dimension) expected += weights[8 * p + k];
                Assert.Equal(expected, tables[p * 256 + v]);
            }
        }
    }
}
