namespace Embedkit.Search;

/// <summary>
/// Build settings of an <see cref="HnswIndex"/> (Malkov &amp; Yashunin 2018). Defaults are hnswlib's:
/// M = 16, efConstruction = 200. They are stored in the index file; <see cref="Threads"/> is not.
/// </summary>
public sealed record HnswOptions
{
    /// <summary>Largest <see cref="M"/> accepted.</summary>
    public const int MaxM = 1024;

    /// <summary>Highest <see cref="MaxLevel"/> accepted (levels are stored as one byte).</summary>
    public const int MaxLevelLimit = 64;

    /// <summary>
    /// Links per node on the upper layers; layer 0 keeps up to 2·M (the paper's M and M_max0 = 2M, hnswlib's
    /// <c>M</c>). Higher M: better recall at a given ef, more memory (8·M bytes per vector on layer 0) and slower builds.
    /// </summary>
    public int M { get; init; } = 16;

    /// <summary>
    /// Size of the candidate list while inserting (the paper's efConstruction, hnswlib's <c>ef_construction</c>):
    /// higher builds a better graph, more slowly. Values below M are raised to M.
    /// </summary>
    public int EfConstruction { get; init; } = 200;

    /// <summary>
    /// Seed of the level draws. A vector's level is drawn from a stream derived from (seed, id), so a
    /// single-threaded build (<see cref="Threads"/> = 1) of the same ids and vectors in the same order gives
    /// the same graph, bit for bit.
    /// </summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Guard on the level draw: no node gets a level above this. With the paper's mL = 1/ln M a level above
    /// 16 has probability M⁻¹⁶, so the guard only matters for small M.
    /// </summary>
    public int MaxLevel { get; init; } = 16;

    /// <summary>
    /// Worker threads of a batch <see cref="HnswIndex.Add"/> and of the repair after <see cref="HnswIndex.Remove"/>;
    /// 0 means all cores. With more than one thread the vectors are inserted concurrently, so the graph (not
    /// its quality) depends on the timing; use 1 for a reproducible build.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Checks every option once; throws <see cref="InvalidInputException"/> naming the option.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(M is >= 2 and <= MaxM, "--m (M)", $"2..{MaxM} links per node", M);
        ThrowHelper.RequireOption(EfConstruction > 0, "--ef-construction (EfConstruction)", "a positive candidate list size", EfConstruction);
        ThrowHelper.RequireOption(MaxLevel is >= 0 and <= MaxLevelLimit, "--max-level (MaxLevel)", $"0..{MaxLevelLimit}", MaxLevel);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
    }

    /// <summary>The number of worker threads <see cref="Threads"/> stands for.</summary>
    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
