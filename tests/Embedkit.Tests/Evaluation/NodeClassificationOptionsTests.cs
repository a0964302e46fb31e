using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class NodeClassificationOptionsTests
{
    [Fact]
    public void Defaults_AreTheDeepWalkProtocol()
    {
        var o = new NodeClassificationOptions();
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], o.TrainRatios);
        Assert.Equal(5, o.Repeats);
        Assert.Equal(1.0, o.C);
        Assert.Equal(42UL, o.Seed);
        o.Validate();
    }

    [Theory]
    [InlineData("TrainRatios")]
    [InlineData("Repeats")]
    [InlineData("C")]
    [InlineData("MaxIterations")]
    [InlineData("Tolerance")]
    [InlineData("Threads")]
    public void Validate_NamesTheBadOption(string field)
    {
        var o = field switch
        {
            "TrainRatios" => new NodeClassificationOptions { TrainRatios = [0.5, 1.0] },
            "Repeats" => new NodeClassificationOptions { Repeats = 0 },
            "C" => new NodeClassificationOptions { C = -1 },
            "MaxIterations" => new NodeClassificationOptions { MaxIterations = 0 },
            "Tolerance" => new NodeClassificationOptions { Tolerance = double.NaN },
            _ => new NodeClassificationOptions { Threads = -2 },
        };
        var e = Assert.Throws<InvalidInputException>(o.Validate);
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message);
    }
}
