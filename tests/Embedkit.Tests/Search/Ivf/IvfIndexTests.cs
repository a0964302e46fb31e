using Embedkit.Search;

namespace Embedkit.Tests.Search.Ivf;

/// <summary>Search results of <see cref="IvfIndex"/> against exact search (<see cref="FlatIndex"/> and <see cref="BruteForce"/>).</summary>
public class IvfIndexTests
{
    private const int D = 24;

    [Theory]
    [InlineData(Metric.L2)]
    [InlineData(Metric.InnerProduct)]
    [InlineData(Metric.Cosine)]
    public void Search_ReturnsExactlyWhatFlatReturns_WhenEveryListIsProbed(Metric metric)
    {
        // Probing all 16 lists scans every vector, and IVF,Flat scores candidates as FlatIndex does (float32
        // candidates, double re-scoring), so ids and scores must be identical to the exact index's.
        float[] data = IvfData.Clustered(1200, D, 20, 0.3, seed: 1);
        float[] queries = IvfData.Clustered(50, D, 20, 0.3, seed: 2);
        long[] ids = IvfData.Ids(1200).Select(i => i * 7 - 300).ToArray();
        IVectorIndex ivf = IndexFactory.Create("IVF16,Flat", D, metric);
        var flat = new FlatIndex(D, metric);
        ivf.Add(ids, data);
        flat.Add(ids, data);
        Neighbors expected = flat.Search(queries, 10);
        Neighbors found = ivf.Search(queries, 10, new IvfSearchParameters { NProbe = 16 });
        Assert.Equal(expected.Ids, found.Ids);
        Assert.Equal(expected.Scores, found.Scores);
        Assert.Equal(metric.ScoreKind(), found.Kind);
    }

    [Fact]
    public void Search_ProbesMoreLists_FindsMoreTrueNeighbours_OnClusteredData()
    {
        // 4,000 points in 40 Gaussian clusters, IVF64,Flat. The floors are the recall@10 measured when this test
        // was written (nprobe 1: 0.4535, 4: 0.8240, 16: 0.9860) less about 0.05; recall must also grow with nprobe.
        const int n = 4000, k = 10;
        float[] data = IvfData.Clustered(n, D, 40, 0.35, seed: 3);
        float[] queries = IvfData.Clustered(200, D, 40, 0.35, seed: 4);
        IVectorIndex ivf = IndexFactory.Create("IVF64,Flat", D, Metric.L2);
        ivf.Add(IvfData.Ids(n), data);
        var flat = new FlatIndex(D, Metric.L2);
        flat.Add(IvfData.Ids(n), data);
        Neighbors truth = flat.Search(queries, k);
        double previous = 0;
        foreach (var (probes, floor) in new[] { (1, 0.40), (4, 0.77), (16, 0.95) })
        {
            Neighbors found = ivf.Search(queries, k, new IvfSearchParameters { NProbe = probes });
            double recall = Embedkit.Evaluation.AnnRecall.FromIds(truth.Ids, k, found.Ids, k, k);
            Assert.True(recall >= floor, $"nprobe {probes}: recall@10 {recall:F4} below {floor}");
            Assert.True(recall >= previous, $"nprobe {probes}: recall {recall:F4} fell below {previous:F4}");
            previous = recall;
        }
    }

    [Theory]
    [InlineData("IVF8,SQ8", Metric.L2)]
    [InlineData("IVF8,SQ8", Metric.InnerProduct)]
    [InlineData("IVF8,PQ6", Metric.L2)]
    [InlineData("IVF8,PQ6", Metric.Cosine)]
    [InlineData("IVF8,F16", Metric.L2)]
    public void CodecScores_AreTheMetricAgainstTheDecodedVector(string spec, Metric metric)
    {
        // The reference: each returned id's decoded vector (centroid + decoded residual, from TryGetVector)
        // scored by its definition in double (BruteForce), and the whole list ranked the same way. This checks
        // the residual arithmetic, including PQ's precomputed tables under L2 (‖q−c‖² + ‖r‖² + 2c·r − 2q·r).
        // Under cosine a codec's score is the unit query's inner product with the decoded (unit) vector, as
        // CodecFlatIndex documents, so the reference is the inner product with the normalised query.
        const int n = 600;
        float[] data = IvfData.Clustered(n, D, 10, 0.4, seed: 5);
        float[] queries = IvfData.Clustered(20, D, 10, 0.4, seed: 6);
        IVectorIndex index = IndexFactory.Create(spec, D, metric);
        index.Add(IvfData.Ids(n), data);
        var lookup = index.GetService<IVectorLookup>()!;
        var decoded = new float[n * D];
        for (int i = 0; i < n; i++) Assert.True(lookup.TryGetVector(i, decoded.AsSpan(i * D, D)));
        Neighbors found = index.Search(queries, 5, new IvfSearchParameters { NProbe = 8 });
        for (int q = 0; q < 20; q++)
        {
            float[] query = queries.AsSpan(q * D, D).ToArray();
            Metric reference = metric;
            if (metric == Metric.Cosine)
            {
                double norm = Math.Sqrt(query.Sum(v => (double)v * v));
                for (int j = 0; j < D; j++) query[j] = (float)(query[j] / norm);
                reference = Metric.InnerProduct;
            }
            var expected = BruteForce.Search(reference, IvfData.Ids(n), decoded, D, query, 5);
            for (int r = 0; r < 5; r++)
            {
                long id = found.IdsOf(q)[r];
                double score = BruteForce.Score(reference, query, decoded.AsSpan((int)id * D, D));
                Assert.Equal(score, found.ScoresOf(q)[r], 1e-3 * Math.Max(1, Math.Abs(score)));
                Assert.Equal(expected[r].Score, found.ScoresOf(q)[r], 1e-3 * Math.Max(1, Math.Abs(score)));
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DecodedVectors_AreNearerTheirVectorThanTheMean_WithOrWithoutResiduals(bool byResidual)
    {
        const string spec = "IVF8,PQ6";
        // With residuals the codec learns the offsets from the centroids; without, the vectors. Either way a
        // vector's decoded form must be nearer to it than to the mean of the data (a codec that learned nothing
        // would decode every vector to about the mean). The reference is the exact squared distance in double.
        const int n = 800;
        float[] data = IvfData.Clustered(n, D, 8, 0.2, seed: 7);
        IndexSpec parsed = IndexSpec.Parse(spec);
        var index = new IvfIndex(D, Metric.L2, new IvfOptions { Lists = parsed.StructureParameter, ByResidual = byResidual }, parsed.Codec!.Create(D));
        index.Add(IvfData.Ids(n), data);
        Assert.Equal(byResidual, index.ByResidual);
        var mean = new float[D];
        for (int i = 0; i < n; i++) for (int j = 0; j < D; j++) mean[j] += data[i * D + j] / n;
        var back = new float[D];
        for (int i = 0; i < n; i += 37)
        {
            index.TryGetVector(i, back);
            ReadOnlySpan<float> x = data.AsSpan(i * D, D);
            Assert.True(BruteForce.Score(Metric.L2, x, back) < BruteForce.Score(Metric.L2, x, mean), $"vector {i}");
        }
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        float[] data = IvfData.Clustered(2000, D, 20, 0.3, seed: 8);
        float[] queries = IvfData.Clustered(100, D, 20, 0.3, seed: 9);
        Neighbors? first = null;
        foreach (int threads in new[] { 1, 3 })
        {
            var index = new IvfIndex(D, Metric.L2, new IvfOptions { Lists = 32, Training = new TrainingOptions { Threads = threads } }, new PQCodec(D, 4));
            index.Add(IvfData.Ids(2000), data);
            Neighbors found = index.Search(queries, 10, new IvfSearchParameters { NProbe = 4, Threads = threads });
            if (first is null) first = found;
            else
            {
                Assert.Equal(first.Ids, found.Ids);
                Assert.Equal(first.Scores, found.Scores);
            }
        }
    }

    [Fact]
    public void Factory_BuildsIvfIndexes_AndPrintsTheirSpecsBack()
    {
        foreach (string spec in new[] { "IVF256,Flat", "IVF1024,PQ16", "IVF256,SQ8", "IVF64,F16", "IVF16,BIN2" })
        {
            IVectorIndex index = IndexFactory.Create(spec, 32, Metric.L2);
            Assert.IsType<IvfIndex>(index);
            Assert.Equal(spec, IndexFactory.SpecOf(index).ToString());
            Assert.False(index.GetService<ITrainableIndex>()!.IsTrained);
        }
        IVectorIndex refined = IndexFactory.Create("IVF16,PQ8,Refine(Flat)", 32, Metric.L2);
        var refine = Assert.IsType<RefineIndex>(refined);
        Assert.IsType<IvfIndex>(refine.Coarse);
        Assert.Equal("IVF16,PQ8,Refine(Flat)", IndexFactory.SpecOf(refined).ToString());
    }

    [Fact]
    public void RefineFlat_OverIvfPQ_ReturnsExactScores()
    {
        // Refine(Flat) re-scores IVF's candidates from the stored vectors, so every score is the exact one (BruteForce in double).
        const int n = 1000;
        float[] data = IvfData.Clustered(n, D, 10, 0.3, seed: 10);
        float[] queries = IvfData.Clustered(10, D, 10, 0.3, seed: 11);
        IVectorIndex index = IndexFactory.Create("IVF16,PQ4,Refine(Flat)", D, Metric.L2);
        index.Add(IvfData.Ids(n), data);
        Neighbors found = index.Search(queries, 5, new RefineSearchParameters { Oversample = 8, Coarse = new IvfSearchParameters { NProbe = 4 } });
        for (int q = 0; q < 10; q++)
            for (int r = 0; r < 5; r++)
            {
                long id = found.IdsOf(q)[r];
                Assert.Equal(BruteForce.Score(Metric.L2, queries.AsSpan(q * D, D), data.AsSpan((int)id * D, D)), found.ScoresOf(q)[r], 1e-4);
            }
    }
}
