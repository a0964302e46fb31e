namespace Embedkit.Search;

/// <summary>The centroids found by <see cref="KMeans.Train"/>, and how well they fit the training points.</summary>
public sealed class KMeansResult
{
    internal KMeansResult(int clusters, int dimension, float[] centroids, double inertia, int iterations, int trainingPoints)
    {
        Clusters = clusters;
        Dimension = dimension;
        Centroids = centroids;
        Inertia = inertia;
        Iterations = iterations;
        TrainingPoints = trainingPoints;
    }

    /// <summary>Number of clusters k.</summary>
    public int Clusters { get; }

    /// <summary>Values per point and per centroid.</summary>
    public int Dimension { get; }

    /// <summary>k × <see cref="Dimension"/> values, row-major: centroid c is <c>[c·d, (c+1)·d)</c>.</summary>
    public float[] Centroids { get; }

    /// <summary>Sum over the training points of the squared distance to their nearest centroid, at the last assignment.</summary>
    public double Inertia { get; }

    /// <summary>Lloyd iterations run (fewer than asked when the assignment stopped changing).</summary>
    public int Iterations { get; }

    /// <summary>Points clustered: all of them, or the sample when there were more than <see cref="KMeansOptions.MaxPointsPerCluster"/> × k.</summary>
    public int TrainingPoints { get; }

    /// <summary>Centroid <paramref name="cluster"/>.</summary>
    public ReadOnlySpan<float> Centroid(int cluster) => Centroids.AsSpan(checked(cluster * Dimension), Dimension);

    /// <summary>
    /// The nearest centroid (squared L2 in float32, ties to the lower cluster number) of each of the
    /// <c>points.Length / Dimension</c> points, written to <paramref name="clusters"/>, by the same kernel as training.
    /// </summary>
    /// <exception cref="InvalidInputException">When the points are not whole rows of <see cref="Dimension"/> or hold a NaN or infinite value.</exception>
    /// <exception cref="ArgumentException">When <paramref name="clusters"/> is not one entry per point.</exception>
    public void Assign(ReadOnlySpan<float> points, Span<int> clusters, int threads = 0)
    {
        int n = VectorChecks.QueryCount(points, Dimension);
        if (clusters.Length != n) throw new ArgumentException($"expected {n} cluster slots, found {clusters.Length}", nameof(clusters));
        VectorChecks.CheckRows(points, Dimension, Metric.L2, "points");
        int stride = DotKernels.Stride(Dimension);
        AlignedFloats padded = NearestCentroid.Pad(points, n, Dimension, stride, DotKernels.TileQueries);
        KMeans.Assign(Centroids, Clusters, Dimension, padded, NearestCentroid.Norms(padded, n, stride), n, clusters, new float[n], threads);
    }
}
