using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

/// <summary>
/// Recall of compressed indexes on real embeddings (FastRP of BlogCatalog, d = 512, cosine; see
/// <see cref="BlogCatalogEmbeddings"/>) against exact search. The floors are the targets of DESIGN.md and the
/// codec brief where there is one (BIN2,Refine(Flat) ≥ 0.95), otherwise the measured value less a margin
/// (docs/benchmarks.md, compression table: SQ8 0.9986, BIN1,Refine(Flat) at oversample 8 0.9697, BIN2 alone 0.7382).
/// </summary>
public class CompressionRecallTests(BlogCatalogEmbeddings data) : IClassFixture<BlogCatalogEmbeddings>
{
    [Theory]
    [InlineData("BIN2,Refine(Flat)", 4, 0.95)]
    [InlineData("BIN1,Refine(Flat)", 8, 0.95)]
    [InlineData("SQ8", 0, 0.98)]
    [InlineData("BIN2", 0, 0.68)]
    public void Recall_OnFastRPBlogCatalogEmbeddings(string spec, int oversample, double floor)
    {
        IVectorIndex index = IndexFactory.Create(spec, data.Dimension, Metric.Cosine);
        index.Add(data.Ids, data.Base);
        SearchParameters parameters = oversample > 0 ? new RefineSearchParameters { Oversample = oversample } : SearchParameters.Default;
        double recall = data.Recall(index.Search(data.Queries, BlogCatalogEmbeddings.K, parameters));
        Assert.True(recall >= floor, $"{spec}: recall@10 {recall:F4} below {floor}");
    }

    [Fact]
    public void Bin2Refine_KeepsCodesAtOneSixteenthOfTheFloats()
    {
        // BIN2 at d = 512: 2 planes of 64 bytes = 128 bytes (the scales are shared by all vectors), against 2048 bytes
        // of floats: 1/16, the target; BIN1 is 64 bytes, 1/32.
        IVectorIndex index = IndexFactory.Create("BIN2,Refine(Flat)", 512, Metric.Cosine);
        Assert.Equal(2048 / 16, ((CodecFlatIndex)((RefineIndex)index).Coarse).Codec.CodeSize);
        Assert.Equal(64, new BinaryCodec(512).CodeSize);
    }
}
