using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

// Expected indices are first-appearance positions, counted by hand from the ids added in each test.
public class NodeIdTableTests
{
    [Fact]
    public void TryAdd_NumbersIdsByFirstAppearance_AcrossAllKinds()
    {
        // Ids of every kind: canonical integers ("5", "0", "7" in the direct array; "123456789012" packed as a
        // number), short ASCII ids packed as text ("abc", "007", "-3", "00", "a\0", "a"), and dictionary ids
        // (8+ chars, non-ASCII, 19 digits).
        string[] ids = ["5", "abc", "007", "-3", "0", "123456789012", "abcdefgh", "héllo", "1234567890123456789", "7", "00", "a\0", "a"];
        var table = new NodeIdTable();
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.True(table.TryAdd(ids[i].AsSpan(), out int index));
            Assert.Equal(i, index);
        }
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.False(table.TryAdd(ids[i].AsSpan(), out int again));
            Assert.Equal(i, again);
            Assert.True(table.TryGetIndex(ids[i], out int found));
            Assert.Equal(i, found);
        }
        Assert.Equal(ids, table.Ids);
        Assert.Equal(13, table.Count);
    }

    [Theory]
    [InlineData("7", "007")]          // same value, different strings
    [InlineData("0", "00")]
    [InlineData("a", "a\0")]          // packed ids carry their length
    [InlineData("12", "12 ")]
    [InlineData("999999999999999999", "9999999999999999990")] // 18 digits (a number) vs 19 (a string)
    public void TryGetIndex_DistinguishesIds_ThatLookAlike(string added, string other)
    {
        var table = new NodeIdTable();
        table.TryAdd(added.AsSpan(), out _);
        Assert.False(table.TryGetIndex(other, out _));
        Assert.True(table.TryAdd(other.AsSpan(), out int index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void TryGetIndex_ReturnsFalse_ForEmptyAndUnknownIds()
    {
        var table = new NodeIdTable();
        table.TryAdd("a".AsSpan(), out _);
        Assert.False(table.TryGetIndex("", out _));
        Assert.False(table.TryGetIndex("b", out _));
        Assert.False(table.TryGetIndex("1", out _));
    }

    [Fact]
    public void TryAdd_MovesLargeNumbers_IntoTheDirectArray_WhenItGrows()
    {
        // "1000000" comes first, when the direct array may not be longer than 4096 (4 per node, at least
        // 4096), so it goes to the packed slots. After 300,000 more ids the array may be 4 × 300,001 long,
        // covering 1,000,000: the id must move into it and keep index 0. "k" has index k + 1.
        var table = new NodeIdTable();
        Assert.True(table.TryAdd("1000000".AsSpan(), out int first));
        Assert.Equal(0, first);
        Assert.True(table.DirectLength <= 1000000);
        for (int k = 0; k < 300000; k++)
        {
            Assert.True(table.TryAdd(k.ToString().AsSpan(), out int index));
            Assert.Equal(k + 1, index);
        }
        Assert.True(table.DirectLength > 1000000);
        Assert.True(table.TryGetIndex("1000000", out int moved));
        Assert.Equal(0, moved);
        Assert.False(table.TryAdd("1000000".AsSpan(), out int again));
        Assert.Equal(0, again);
        Assert.True(table.TryGetIndex("299999", out int last));
        Assert.Equal(300000, last);
        Assert.Equal(300001, table.Count);
    }

    [Fact]
    public void TryAdd_KeepsIndices_WhenThePackedTableResizes()
    {
        // 10,000 short ASCII ids "x0".."x9999" (256 slots at first, so the table doubles several times): "xk" has index k.
        var table = new NodeIdTable();
        for (int k = 0; k < 10000; k++) table.TryAdd($"x{k}".AsSpan(), out _);
        for (int k = 0; k < 10000; k++)
        {
            Assert.True(table.TryGetIndex($"x{k}", out int index));
            Assert.Equal(k, index);
        }
    }

    [Fact]
    public void TryAdd_KeepsTheGivenStringInstance()
    {
        string id = new('q', 3);
        var table = new NodeIdTable();
        table.TryAdd(id, out _);
        Assert.Same(id, table.Ids[0]);
    }
}
