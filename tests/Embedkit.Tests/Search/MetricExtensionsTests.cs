using Embedkit.Search;

namespace Embedkit.Tests.Search;

public class MetricExtensionsTests
{
    [Theory]
    [InlineData(Metric.L2, ScoreKind.Distance)]
    [InlineData(Metric.InnerProduct, ScoreKind.Similarity)]
    [InlineData(Metric.Cosine, ScoreKind.Similarity)]
    public void ScoreKind_States_DistanceOrSimilarity(Metric metric, ScoreKind expected) =>
        Assert.Equal(expected, metric.ScoreKind());

    [Theory]
    [InlineData(Metric.L2, "l2")]
    [InlineData(Metric.InnerProduct, "ip")]
    [InlineData(Metric.Cosine, "cosine")]
    public void Name_And_Parse_RoundTrip(Metric metric, string name)
    {
        Assert.Equal(name, metric.Name());
        Assert.Equal(metric, MetricExtensions.Parse(name));
        Assert.Equal(metric, MetricExtensions.Parse(name.ToUpperInvariant()));
    }

    [Fact]
    public void Metric_Values_AreTheOnesStoredInIndexFiles()
    {
        // docs/formats.md: metric 0 = l2, 1 = ip, 2 = cosine; changing them breaks every saved index.
        Assert.Equal(0, (int)Metric.L2);
        Assert.Equal(1, (int)Metric.InnerProduct);
        Assert.Equal(2, (int)Metric.Cosine);
    }

    [Theory]
    [InlineData("euclidean")]
    [InlineData("")]
    [InlineData("dot")]
    public void Parse_Rejects_UnknownName_ListingTheNames(string name)
    {
        var e = Assert.Throws<InvalidInputException>(() => MetricExtensions.Parse(name));
        Assert.Contains("expected l2, ip or cosine", e.Message);
        Assert.Contains($"'{name}'", e.Message);
        Assert.False(MetricExtensions.TryParse(name, out _));
        Assert.False(MetricExtensions.TryParse(null, out _));
    }

    [Fact]
    public void WorstScore_And_IsBetter_FollowTheScoreKind()
    {
        Assert.Equal(float.PositiveInfinity, ScoreKind.Distance.WorstScore());
        Assert.Equal(float.NegativeInfinity, ScoreKind.Similarity.WorstScore());
        Assert.True(ScoreKind.Distance.IsBetter(1f, 2f));
        Assert.False(ScoreKind.Distance.IsBetter(2f, 1f));
        Assert.True(ScoreKind.Similarity.IsBetter(2f, 1f));
        Assert.False(ScoreKind.Similarity.IsBetter(1f, 1f));
    }
}
