using Embedkit.Search;
using Embedkit.Tests.Search.Codecs;

namespace Embedkit.Tests.Search.Ivf;

/// <summary>
/// Recall@10 of IVF indexes on real embeddings (FastRP of BlogCatalog, d = 512, cosine; 9,312 base vectors, 1,000
/// queries; see <see cref="BlogCatalogEmbeddings"/>) against exact search. The floors are the recall measured when
/// the test was written, less a margin of about 0.03 (IVF64,Flat at nprobe 8: 0.9431; IVF64,SQ8 at nprobe 8: 0.9419;
/// IVF64,PQ16,Refine(Flat) at nprobe 8, oversample 8: 0.8684); probing all 64 lists is exact search (1.0000).
/// </summary>
public class IvfRecallTests(BlogCatalogEmbeddings data) : IClassFixture<BlogCatalogEmbeddings>
{
    [Theory]
    [InlineData("IVF64,Flat", 8, 0, 0.91)]
    [InlineData("IVF64,Flat", 64, 0, 0.9999)]
    [InlineData("IVF64,SQ8", 8, 0, 0.91)]
    [InlineData("IVF64,PQ16,Refine(Flat)", 8, 8, 0.83)]
    public void Recall_OnFastRPBlogCatalogEmbeddings(string spec, int nprobe, int oversample, double floor)
    {
        IVectorIndex index = IndexFactory.Create(spec, data.Dimension, Metric.Cosine);
        index.Add(data.Ids, data.Base);
        var probe = new IvfSearchParameters { NProbe = nprobe };
        SearchParameters parameters = oversample > 0 ? new RefineSearchParameters { Oversample = oversample, Coarse = probe } : probe;
        double recall = data.Recall(index.Search(data.Queries, BlogCatalogEmbeddings.K, parameters));
        Assert.True(recall >= floor, $"{spec}, nprobe {nprobe}: recall@10 {recall:F4} below {floor}");
    }
}
