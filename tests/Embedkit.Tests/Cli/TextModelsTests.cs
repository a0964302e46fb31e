using Embedkit.Cli.Infrastructure;
using Embedkit.Text;

namespace Embedkit.Tests.Cli;

public class TextModelsTests
{
    [Fact]
    public void Open_BadPooling_NamesTheOption()
    {
        var e = Assert.Throws<InvalidInputException>(() => TextModels.Open("minilm", "average"));
        Assert.Equal("--pooling", e.Field);
        Assert.Contains("expected mean, cls, last or max, found 'average'", e.Message);
    }

    [Fact]
    public void FromProvenance_ReopensTheEncoderThatProvenanceDescribes()
    {
        // What embed text records (model, pooling override, normalisation) comes back as the same encoder settings.
        using var encoder = TextModels.Open("minilm", "max", new Embedkit.Onnx.TextEncoderOptions { Normalize = false });
        Assert.Equal(PoolingMode.Max, encoder.Pooling);
        var provenance = new Provenance(TextModels.ProvenanceMethod, TextModels.Describe(encoder));
        using var again = TextModels.FromProvenance(provenance);
        Assert.Equal("minilm", again.Model.Identity);
        Assert.Equal(PoolingMode.Max, again.Pooling);
        Assert.False(again.Normalize);
        Assert.Null(again.Options.ChunkOverlap);
    }

    [Fact]
    public void FromProvenance_RefusesOtherVectors()
    {
        var e = Assert.Throws<InvalidInputException>(() => TextModels.FromProvenance(new Provenance("fastrp", []), "nodes.ekv"));
        Assert.Contains("expected vectors written by 'embed text'", e.Message);
        Assert.Contains("nodes.ekv", e.Message);
    }
}
