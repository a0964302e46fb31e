namespace Embedkit.Search;

/// <summary>
/// Settings of <see cref="KMeans.Train"/>. The defaults are FAISS's (<c>ClusteringParameters</c>): 25
/// iterations, at most 256 training points per cluster (a larger input is sampled down with the seed).
/// </summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters k, at least 1.</summary>
    public required int Clusters { get; init; }

    /// <summary>Lloyd iterations after k-means++ seeding, at least 1; training stops earlier when no assignment changes.</summary>
    public int Iterations { get; init; } = 25;

    /// <summary>
    /// When there are more than <c>MaxPointsPerCluster × Clusters</c> points, a seeded random sample of that
    /// many is clustered (FAISS's <c>max_points_per_centroid</c>). At least 1.
    /// </summary>
    public int MaxPointsPerCluster { get; init; } = 256;

    /// <summary>Seed of the sample, the k-means++ draws and the splitting of empty clusters.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads of the assignment step; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Checks every setting once; throws <see cref="InvalidInputException"/> naming the setting.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Clusters >= 1, "--clusters (Clusters)", "at least 1 cluster", Clusters);
        ThrowHelper.RequireOption(Iterations >= 1, "--iterations (Iterations)", "at least 1 iteration", Iterations);
        ThrowHelper.RequireOption(MaxPointsPerCluster >= 1, "--max-points-per-cluster (MaxPointsPerCluster)", "at least 1", MaxPointsPerCluster);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
    }
}
