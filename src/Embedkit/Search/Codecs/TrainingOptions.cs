namespace Embedkit.Search;

/// <summary>
/// Settings of <see cref="IVectorCodec.Train"/> (and of <see cref="ITrainableIndex.Train"/>). Only codecs that
/// cluster (<see cref="PQCodec"/>) use the k-means settings; the others learn ranges or a mean and use none.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The defaults: seed 42, all cores, FAISS's k-means settings.</summary>
    public static TrainingOptions Default { get; } = new();

    /// <summary>Seed of every random choice of training (k-means sample and seeding).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means all cores. The trained codec does not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>k-means iterations per sub-quantizer (FAISS: 25).</summary>
    public int Iterations { get; init; } = 25;

    /// <summary>k-means trains on at most this many points per centroid, sampled with the seed (FAISS: 256).</summary>
    public int MaxPointsPerCentroid { get; init; } = 256;

    /// <summary>Checks every setting once; throws <see cref="InvalidInputException"/> naming the setting.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
        ThrowHelper.RequireOption(Iterations >= 1, "--iterations (Iterations)", "at least 1 iteration", Iterations);
        ThrowHelper.RequireOption(MaxPointsPerCentroid >= 1, "--max-points-per-centroid (MaxPointsPerCentroid)", "at least 1", MaxPointsPerCentroid);
    }

    /// <summary>The number of worker threads <see cref="Threads"/> stands for.</summary>
    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
