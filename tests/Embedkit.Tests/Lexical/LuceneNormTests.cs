using Embedkit.Lexical;

namespace Embedkit.Tests.Lexical;

public class LuceneNormTests
{
    [Theory]
    // Hand-worked from SmallFloat.intToByte4 / byte4ToInt: lengths below 24 are stored as themselves; above,
    // 24 + a 4-significant-bit float of (n − 24) with the leading bit implicit, rounded down.
    [InlineData(0, 0, 0)]
    [InlineData(23, 23, 23)]
    [InlineData(24, 24, 24)]      // n − 24 = 0: subnormal, stored as 24 + 0
    [InlineData(32, 32, 32)]      // 8 = 0b1000: 4 bits, shift 0 → code 0 | 1 << 3 = 8 → byte 32, decodes to 8
    [InlineData(41, 40, 40)]      // 17 = 0b10001: shift 1, kept 0b1000 → (8) << 1 = 16 → 24 + 16 = 40
    [InlineData(100, 57, 96)]     // 76 = 0b1001100: shift 3, kept 0b1001 → code 1 | 4 << 3 = 33 → byte 57; (1 | 8) << 3 = 72 → 96
    public void EncodeAndDecode_MatchHandWorkedValues(int length, int expectedByte, int expectedLength)
    {
        Assert.Equal(expectedByte, LuceneNorm.Encode(length));
        Assert.Equal(expectedLength, LuceneNorm.Round(length));
    }

    [Fact]
    public void Round_IsMonotone_AndNeverAboveTheLength()
    {
        int previous = 0;
        for (int n = 0; n < 1_000_000; n += 1 + n / 50)
        {
            int rounded = LuceneNorm.Round(n);
            Assert.True(rounded <= n && rounded >= previous, $"length {n} rounds to {rounded}");
            // 4 significant bits of n − 24: the rounding loses less than 1/8 of it.
            Assert.True(n < 24 ? rounded == n : n - rounded < (n - 24) / 8.0 + 1e-9, $"length {n} rounds to {rounded}");
            previous = rounded;
        }
        Assert.Equal(255, LuceneNorm.Encode(int.MaxValue));
    }
}
