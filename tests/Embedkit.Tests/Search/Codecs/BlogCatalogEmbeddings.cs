using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.Search;
using Embedkit.Tests.Cli;

namespace Embedkit.Tests.Search.Codecs;

/// <summary>
/// FastRP embeddings of the bundled BlogCatalog graph (d = 512, the quick start's settings), made once per test
/// run: the last 1,000 rows are the queries, the other 9,312 the base, with exact cosine top-10 by FlatIndex.
/// </summary>
public sealed class BlogCatalogEmbeddings
{
    public const int K = 10;
    public const int HeldOut = 1000;

    public BlogCatalogEmbeddings()
    {
        var graph = EdgeListReader.Read(CliRunner.Data("blogcatalog/edges.tsv.gz"), new EdgeListOptions()).Graph;
        EmbeddingSet set = FastRP.Embed(graph, new FastRPOptions { Dimension = 512 });
        Dimension = set.Dimension;
        int n = set.Count - HeldOut;
        Base = set.Array.AsSpan(0, n * Dimension).ToArray();
        Queries = set.Array.AsSpan(n * Dimension).ToArray();
        Ids = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        Truth = AnnRecall.GroundTruth(Base, Queries, Dimension, Metric.Cosine, K);
    }

    public int Dimension { get; }

    public float[] Base { get; }

    public float[] Queries { get; }

    public long[] Ids { get; }

    public Neighbors Truth { get; }

    /// <summary>ann-benchmarks recall@10 of <paramref name="found"/>: its ids re-scored exactly (cosine in double) against the true 10th.</summary>
    public double Recall(Neighbors found)
    {
        int d = Dimension;
        var exact = new float[found.Ids.Length];
        for (int i = 0; i < exact.Length; i++)
            exact[i] = (float)BruteForce.Score(Metric.Cosine, Queries.AsSpan(i / K * d, d), Base.AsSpan((int)found.Ids[i] * d, d));
        return AnnRecall.FromScores(Truth.Scores, K, exact, K, K, ScoreKind.Similarity);
    }
}
