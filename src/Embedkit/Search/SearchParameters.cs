namespace Embedkit.Search;

/// <summary>
/// Settings of one <see cref="IVectorIndex.Search"/> call. Index kinds with their own search-time settings
/// (HNSW's ef, IVF's probes) derive from this record; an index ignores settings it does not know.
/// </summary>
public record SearchParameters
{
    /// <summary>The defaults: all cores.</summary>
    public static SearchParameters Default { get; } = new();

    /// <summary>Worker threads over blocks of queries; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Checks every setting once; throws <see cref="InvalidInputException"/> naming the setting.</summary>
    public virtual void Validate()
    {
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
    }

    /// <summary>The number of worker threads <see cref="Threads"/> stands for.</summary>
    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
