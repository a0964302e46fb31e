using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class KMeansTests
{
    /// <summary>Centres of 5 blobs in 3-D, at least 100 apart.</summary>
    private static readonly float[][] Centres = [[0, 0, 0], [100, 0, 0], [0, 100, 0], [0, 0, 100], [100, 100, 100]];

    /// <summary>200 points per blob, each centre plus uniform noise in [−1, 1)³, blobs interleaved.</summary>
    private static float[] Blobs(int seed)
    {
        var random = new Random(seed);
        var x = new float[5 * 200 * 3];
        for (int i = 0; i < 1000; i++)
            for (int j = 0; j < 3; j++) x[i * 3 + j] = Centres[i % 5][j] + (float)(random.NextDouble() * 2 - 1);
        return x;
    }

    [Fact]
    public void Train_RecoversTheCentres_OfWellSeparatedBlobs()
    {
        // Lloyd's fixed point on separated blobs is each blob's mean; the noise is uniform in [−1, 1), so each
        // mean is within 0.2 of its centre (the std of a 200-point mean is 0.58/√200 ≈ 0.04).
        float[] x = Blobs(1);
        KMeansResult result = KMeans.Train(x, 3, new KMeansOptions { Clusters = 5 });
        foreach (float[] centre in Centres)
        {
            double nearest = Enumerable.Range(0, 5).Min(c =>
                Math.Sqrt(Enumerable.Range(0, 3).Sum(j => Math.Pow(result.Centroid(c)[j] - centre[j], 2))));
            Assert.True(nearest < 0.2, $"no centroid near ({string.Join(", ", centre)}): nearest at {nearest}");
        }
        Assert.True(result.Iterations < 25, "assignments stop changing once the blobs are found");
        // Inertia: 1000 points with noise variance 1/3 per coordinate → about 1000 × 3 × 1/3 = 1000.
        Assert.InRange(result.Inertia, 800, 1200);
    }

    [Fact]
    public void Train_IsIdentical_ForTheSameSeed_AndAnyThreadCount()
    {
        float[] x = CodecReference.Uniform(3000, 7, 2);
        KMeansResult a = KMeans.Train(x, 7, new KMeansOptions { Clusters = 40, Seed = 9, Threads = 1 });
        KMeansResult b = KMeans.Train(x, 7, new KMeansOptions { Clusters = 40, Seed = 9, Threads = 2 });
        KMeansResult c = KMeans.Train(x, 7, new KMeansOptions { Clusters = 40, Seed = 10, Threads = 1 });
        Assert.Equal(a.Centroids, b.Centroids);
        Assert.Equal(a.Inertia, b.Inertia);
        Assert.NotEqual(a.Centroids, c.Centroids);
    }

    [Fact]
    public void Train_Samples_AtMostMaxPointsPerClusterTimesClusters()
    {
        KMeansResult result = KMeans.Train(Blobs(3), 3, new KMeansOptions { Clusters = 5, MaxPointsPerCluster = 20 });
        Assert.Equal(100, result.TrainingPoints);
    }

    [Fact]
    public void Assign_GivesTheNearestCentroid()
    {
        // Expected values: brute force, squared L2 in double, ties to the lower cluster.
        float[] x = CodecReference.Uniform(2000, 5, 4);
        KMeansResult result = KMeans.Train(x, 5, new KMeansOptions { Clusters = 13, Iterations = 3 });
        float[] points = CodecReference.Uniform(300, 5, 5);
        var clusters = new int[300];
        result.Assign(points, clusters);
        for (int i = 0; i < 300; i++)
        {
            double Distance(int c) => Enumerable.Range(0, 5).Sum(j => Math.Pow(points[i * 5 + j] - result.Centroid(c)[j], 2));
            double best = Enumerable.Range(0, 13).Min(Distance);
            Assert.True(Distance(clusters[i]) <= best * (1 + 1e-5) + 1e-7);
        }
    }

    [Fact]
    public void Train_WithFewerDistinctPointsThanClusters_SplitsEmptyClusters_AndFinishes()
    {
        // Three distinct points, 20 copies each, 4 clusters: a fourth centroid must duplicate one, leaving a cluster
        // empty, which split_clusters re-seeds from a populated one. Every point stays within 1% of its centroid.
        float[] x = [.. Enumerable.Range(0, 60).SelectMany(i => new[] { new float[] { 1, 2 }, [10, 20], [-5, 7] }[i % 3])];
        KMeansResult result = KMeans.Train(x, 2, new KMeansOptions { Clusters = 4 });
        var clusters = new int[60];
        result.Assign(x, clusters);
        for (int i = 0; i < 60; i++)
        {
            double distance = Math.Sqrt(Math.Pow(x[2 * i] - result.Centroid(clusters[i])[0], 2) + Math.Pow(x[2 * i + 1] - result.Centroid(clusters[i])[1], 2));
            Assert.True(distance <= 0.01 * Math.Sqrt(x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]));
        }
        Assert.All(result.Centroids, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Train_Refuses_FewerPointsThanClusters_AndBadOptions()
    {
        var few = Assert.Throws<InvalidInputException>(() => KMeans.Train(new float[30], 3, new KMeansOptions { Clusters = 11 }));
        Assert.Contains("k-means with 11 clusters needs at least 11 points, found 10", few.Message);
        Assert.Throws<InvalidInputException>(() => KMeans.Train(new float[30], 3, new KMeansOptions { Clusters = 0 }));
        Assert.Throws<InvalidInputException>(() => KMeans.Train(new float[30], 3, new KMeansOptions { Clusters = 2, Iterations = 0 }));
        Assert.Throws<InvalidInputException>(() => KMeans.Train(new float[31], 3, new KMeansOptions { Clusters = 2 }));
        Assert.Throws<InvalidInputException>(() => KMeans.Train([1, float.NaN, 3], 3, new KMeansOptions { Clusters = 1 }));
    }
}
