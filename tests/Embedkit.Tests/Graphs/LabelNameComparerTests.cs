using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

public class LabelNameComparerTests
{
    // Expected signs by hand: integers by value, integers before other names, ties by ordinal.
    [Theory]
    [InlineData("2", "10", -1)]
    [InlineData("10", "9", 1)]
    [InlineData("-10", "-2", -1)]
    [InlineData("-1", "0", -1)]
    [InlineData("007", "7", -1)] // same value; ordinal '0' < '7'
    [InlineData("99999999999999999999", "100000000000000000000", -1)] // longer than a long
    [InlineData("5", "a", -1)]
    [InlineData("B", "a", -1)] // ordinal: 'B' (0x42) < 'a' (0x61)
    [InlineData("x", "x", 0)]
    [InlineData("1.5", "2", 1)] // "1.5" is not integer-like
    public void Compare_OrdersLabels(string x, string y, int expected)
    {
        Assert.Equal(expected, Math.Sign(LabelNameComparer.Instance.Compare(x, y)));
        Assert.Equal(-expected, Math.Sign(LabelNameComparer.Instance.Compare(y, x)));
    }
}
