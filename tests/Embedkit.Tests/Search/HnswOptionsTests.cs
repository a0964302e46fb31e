using Embedkit.Search;

namespace Embedkit.Tests.Search;

public class HnswOptionsTests
{
    [Fact]
    public void Defaults_AreHnswlibs()
    {
        // hnswlib: M = 16, ef_construction = 200 (python bindings' init_index defaults); ef 64 is ours (hnswlib: 10).
        var options = new HnswOptions();
        Assert.Equal(16, options.M);
        Assert.Equal(200, options.EfConstruction);
        Assert.Equal(42UL, options.Seed);
        Assert.Equal(16, options.MaxLevel);
        Assert.Equal(64, new HnswSearchParameters().Ef);
        options.Validate();
    }

    [Theory]
    [InlineData(1, 200, 16, 0, "M", "--m (M): expected 2..1024 links per node, found 1")]
    [InlineData(2000, 200, 16, 0, "M", "found 2000")]
    [InlineData(16, 0, 16, 0, "EfConstruction", "--ef-construction (EfConstruction): expected a positive candidate list size, found 0")]
    [InlineData(16, 200, -1, 0, "MaxLevel", "--max-level (MaxLevel): expected 0..64, found -1")]
    [InlineData(16, 200, 65, 0, "MaxLevel", "found 65")]
    [InlineData(16, 200, 16, -2, "Threads", "--threads (Threads): expected 0 (all cores) or a positive count, found -2")]
    public void Validate_Rejects_EachOptionOutOfRange_NamingIt(int m, int efConstruction, int maxLevel, int threads, string field, string message)
    {
        var options = new HnswOptions { M = m, EfConstruction = efConstruction, MaxLevel = maxLevel, Threads = threads };
        var e = Assert.Throws<InvalidInputException>(options.Validate);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void SearchParameters_Validate_ChecksEfAndTheBaseSettings()
    {
        Assert.Equal("Ef", Assert.Throws<InvalidInputException>(new HnswSearchParameters { Ef = 0 }.Validate).Field);
        Assert.Equal("Threads", Assert.Throws<InvalidInputException>(new HnswSearchParameters { Threads = -1 }.Validate).Field);
        new HnswSearchParameters { Ef = 1, Filter = _ => true }.Validate();
    }
}
