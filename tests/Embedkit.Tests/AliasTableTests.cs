namespace Embedkit.Tests;

public class AliasTableTests
{
    [Fact]
    public void Sample_FollowsTheWeights()
    {
        // Expected shares are the weights over their sum (0.1, 0.2, 0.3, 0.4 and 0); 400,000 draws give
        // a standard error under 0.001 per share.
        double[] weights = [1, 2, 3, 4, 0];
        var table = AliasTable.Create(weights);
        var counts = new int[weights.Length];
        var random = new SplitMix64(7);
        const int draws = 400_000;
        for (int i = 0; i < draws; i++) counts[table.Sample(random.NextUInt64())]++;
        for (int i = 0; i < weights.Length; i++) Assert.Equal(weights[i] / 10, counts[i] / (double)draws, 0.004);
        Assert.Equal(0, counts[4]);
    }

    [Fact]
    public void Sample_NeverDrawsAZeroWeight_AmongManyEqualOnes()
    {
        var weights = Enumerable.Range(0, 1000).Select(i => i % 7 == 0 ? 0.0 : 1.0 / 3).ToArray();
        var table = AliasTable.Create(weights);
        var random = new SplitMix64(1);
        for (int i = 0; i < 200_000; i++) Assert.NotEqual(0, table.Sample(random.NextUInt64()) % 7);
    }

    [Fact]
    public void Create_Refuses_AllZeroOrNegativeWeights()
    {
        Assert.Throws<ArgumentException>(() => AliasTable.Create([0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => AliasTable.Create([1.0, -1.0]));
        Assert.Throws<ArgumentException>(() => AliasTable.Create([1.0, double.NaN]));
    }
}
