using System.Collections.Concurrent;

namespace Embedkit.Search;

/// <summary>
/// Builds indexes from factory strings (FAISS's <c>index_factory</c>): <c>Flat</c> gives a <see cref="FlatIndex"/>,
/// a codec alone (<c>SQ8</c>, <c>PQ16</c>, <c>BIN1</c>) a <see cref="CodecFlatIndex"/>, <c>HNSW32</c> or
/// <c>HNSW32,SQ8</c> an <see cref="HnswIndex"/> (over full vectors or codes), <c>IVF1024,PQ16</c> an
/// <see cref="IvfIndex"/>, and a <c>,Refine(…)</c> suffix wraps the result in a <see cref="RefineIndex"/>. A
/// component may register its own builder for a structure (<see cref="Register"/>), which then takes precedence.
/// </summary>
public static class IndexFactory
{
    private static readonly ConcurrentDictionary<IndexStructure, IndexBuilder> Builders = new();

    /// <summary>Parses <paramref name="spec"/> (see <see cref="IndexSpec"/>) and builds an empty index of it.</summary>
    /// <exception cref="InvalidInputException">
    /// When the string is invalid (the message lists what is accepted), or a part cannot work at this dimension (PQ's
    /// m must divide it).
    /// </exception>
    public static IVectorIndex Create(string spec, int dimension, Metric metric) => Create(IndexSpec.Parse(spec), dimension, metric);

    /// <summary>
    /// Builds an empty index of <paramref name="spec"/>; <paramref name="buildThreads"/> (0 = all cores) is how many
    /// threads an HNSW graph is built with (one thread builds the same graph every run).
    /// </summary>
    /// <exception cref="InvalidInputException">As for <see cref="Create(string, int, Metric)"/>.</exception>
    public static IVectorIndex Create(IndexSpec spec, int dimension, Metric metric, int buildThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ThrowHelper.RequireOption(dimension > 0, "--dim (Dimension)", "a positive dimension", dimension);
        ThrowHelper.RequireOption(Enum.IsDefined(metric), "--metric (Metric)", "l2, ip or cosine", metric);
        IndexSpec main = spec with { Refine = null };
        // A registered builder takes precedence (Register refuses Flat, which is always built in).
        IVectorIndex index = Builders.TryGetValue(main.Structure, out IndexBuilder? builder)
            ? builder(main, dimension, metric)
            : main.Structure switch
            {
                IndexStructure.Flat => Storage(main, dimension, metric),
                IndexStructure.Hnsw => Hnsw(main, dimension, metric, buildThreads),
                _ => IvfIndex.FromSpec(main, dimension, metric, buildThreads),
            };
        if (spec.Refine is not null) index = new RefineIndex(index, Storage(spec.Refine, dimension, metric));
        return index;
    }

    /// <summary>
    /// Registers the builder of a structure (<see cref="IndexStructure.Hnsw"/>, <see cref="IndexStructure.Ivf"/>),
    /// so that its factory strings build; the component that implements the structure calls this once. A registered
    /// builder takes precedence over the built-in <see cref="HnswIndex"/> and <see cref="IvfIndex"/>. Disposing
    /// the result removes the registration (for tests).
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="structure"/> is <see cref="IndexStructure.Flat"/> (built in).</exception>
    /// <exception cref="InvalidOperationException">When a builder is already registered for the structure.</exception>
    public static IDisposable Register(IndexStructure structure, IndexBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (structure == IndexStructure.Flat || !Enum.IsDefined(structure))
            throw new ArgumentException($"cannot register a builder for {structure}: Flat is built in", nameof(structure));
        if (!Builders.TryAdd(structure, builder))
            throw new InvalidOperationException($"a builder for {Name(structure)} is already registered");
        return new Registration(structure, builder);
    }

    /// <summary>Whether factory strings of <paramref name="structure"/> can be built in this process.</summary>
    public static bool IsAvailable(IndexStructure structure) => structure is IndexStructure.Flat or IndexStructure.Ivf || Builders.ContainsKey(structure);

    /// <summary>
    /// The factory string of an index: <c>Flat</c> for a <see cref="FlatIndex"/>, otherwise what it offers as
    /// <see cref="IndexSpec"/> through <see cref="IVectorIndex.GetService"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">When the index does not say (a type outside the factory's vocabulary).</exception>
    public static IndexSpec SpecOf(IVectorIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index is FlatIndex) return new IndexSpec();
        return index.GetService<IndexSpec>()
            ?? ThrowHelper.InvalidInput<IndexSpec>($"an index of type {index.GetType().Name} has no factory string (it offers no IndexSpec)", field: "index");
    }

    /// <summary>
    /// <c>HNSW&lt;M&gt;</c> over full vectors, or over a codec's codes (<c>HNSW32,SQ8</c>), with efConstruction 200
    /// (<see cref="HnswOptions"/>' default); the codec is trained by the first add, or by <see cref="ITrainableIndex.Train"/>.
    /// </summary>
    private static HnswIndex Hnsw(IndexSpec spec, int dimension, Metric metric, int buildThreads)
    {
        var options = new HnswOptions { M = spec.StructureParameter, Threads = buildThreads };
        return spec.Codec is null ? new HnswIndex(dimension, metric, options) : new HnswIndex(spec.Codec.Create(dimension), metric, options);
    }

    /// <summary>A flat spec (no structure, no refine): full vectors or a codec's codes.</summary>
    private static IVectorIndex Storage(IndexSpec spec, int dimension, Metric metric) =>
        spec.Codec is null ? new FlatIndex(dimension, metric) : new CodecFlatIndex(spec.Codec.Create(dimension), metric);

    private static string Name(IndexStructure structure) => structure switch
    {
        IndexStructure.Hnsw => "HNSW",
        IndexStructure.Ivf => "IVF",
        _ => structure.ToString(),
    };

    private sealed class Registration(IndexStructure structure, IndexBuilder builder) : IDisposable
    {
        public void Dispose() => ((ICollection<KeyValuePair<IndexStructure, IndexBuilder>>)Builders).Remove(new(structure, builder));
    }
}
