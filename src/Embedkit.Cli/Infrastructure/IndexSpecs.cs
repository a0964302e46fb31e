using System.Globalization;
using Embedkit.Search;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The CLI's view of index factory strings (<c>--spec</c>) and of search-parameter sweeps
/// (<c>--search-params "ef=16,32,64"</c>, <c>"nprobe=1,4,16,64"</c>): the one place where the commands meet the index kinds.
/// </summary>
internal static class IndexSpecs
{
    /// <summary>
    /// An empty index for the factory string <paramref name="spec"/> (see <see cref="IndexFactory"/>: Flat, F16,
    /// SQ8, PQ&lt;m&gt;, BIN&lt;b&gt;, HNSW&lt;M&gt;, HNSW&lt;M&gt;,&lt;codec&gt;, IVF&lt;lists&gt;,&lt;storage&gt;, the codec and IVF ones
    /// optionally with ,Refine(Flat)); <paramref name="threads"/> builds an HNSW graph or trains IVF's k-means in
    /// parallel. An IVF index trains on the first vectors added (the base vectors).
    /// </summary>
    public static IVectorIndex Create(string spec, int dimension, Metric metric, int threads = 0)
    {
        IndexSpec parsed = Validate(spec);
        try { return IndexFactory.Create(parsed, dimension, metric, threads); }
        catch (InvalidInputException e) when (e.Field == "index") { throw new InvalidInputException("option --spec: " + e.Message, field: "--spec"); }
    }

    /// <summary>Parses <paramref name="spec"/> and refuses compositions this build cannot create, before any data is read.</summary>
    public static IndexSpec Validate(string spec)
    {
        IndexSpec parsed;
        try { parsed = IndexSpec.Parse(spec); }
        catch (InvalidInputException e) { throw new InvalidInputException("option --spec: " + e.Message, field: "--spec"); }
        if (parsed.Structure == IndexStructure.Hnsw && parsed.Codec is null && parsed.Refine is not null)
            throw new InvalidInputException($"option --spec: {parsed}: HNSW over full vectors ranks by exact scores already; Refine(…) follows a codec, as in HNSW{parsed.StructureParameter},SQ8,Refine(Flat)", field: "--spec");
        return parsed;
    }

    /// <summary>
    /// Parses "name=v1,v2,..." (or an empty string: one run at the defaults) into one labelled parameter set
    /// per value. <paramref name="threads"/> goes into every set.
    /// </summary>
    public static IReadOnlyList<(string Label, SearchParameters Parameters)> ParseSweep(string? text, int threads, string option = "--search-params")
    {
        if (string.IsNullOrWhiteSpace(text)) return [("default", new SearchParameters { Threads = threads })];
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new InvalidInputException($"option {option}: expected name=v1,v2,... such as ef=16,32,64, found '{text}'", field: option);
        string name = text[..eq].Trim().ToLowerInvariant();
        var runs = new List<(string, SearchParameters)>();
        foreach (string item in text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value <= 0)
                throw new InvalidInputException($"option {option}: '{item}' is not a positive integer (expected a list such as {name}=16,32,64)", field: option);
            runs.Add(($"{name}={value}", Parameters(name, value, threads, option)));
        }
        return runs;
    }

    /// <summary>The parameters of one setting.</summary>
    public static SearchParameters Parameters(string name, int value, int threads, string option) => name switch
    {
        "ef" => new HnswSearchParameters { Ef = value, Threads = threads },
        "oversample" => new RefineSearchParameters { Oversample = value, Threads = threads },
        "nprobe" => new IvfSearchParameters { NProbe = value, Threads = threads },
        _ => throw new InvalidInputException($"option {option}: unknown search parameter '{name}'; expected ef (HNSW's efSearch), nprobe (IVF's lists probed) or oversample (Refine)", field: option),
    };

    /// <summary>Throws unless the parameters suit <paramref name="index"/>: ef only means something to HNSW.</summary>
    public static void RequireApplicable(IVectorIndex index, SearchParameters parameters, string spec, string option)
    {
        if (parameters is HnswSearchParameters && index is not (HnswIndex or RefineIndex { Coarse: HnswIndex }))
            throw new InvalidInputException($"option {option}: ef applies to HNSW indexes; this index is {spec}", field: option);
        if (parameters is RefineSearchParameters && index is not RefineIndex)
            throw new InvalidInputException($"option {option}: oversample applies to ,Refine(...) indexes; this index is {spec}", field: option);
        if (parameters is IvfSearchParameters && index is not IvfIndex && index is not RefineIndex { Coarse: IvfIndex })
            throw new InvalidInputException($"option {option}: nprobe applies to IVF indexes (IVF<lists>,<storage>); this index is {spec}", field: option);
    }

    /// <summary>
    /// The parameters as <paramref name="index"/> takes them: IVF's nprobe on an IVF index refined with ,Refine(...)
    /// goes to the coarse IVF index (the refine stage keeps its default oversample); anything else is unchanged.
    /// </summary>
    public static SearchParameters ForIndex(IVectorIndex index, SearchParameters parameters) =>
        parameters is IvfSearchParameters ivf && index is RefineIndex { Coarse: IvfIndex }
            ? new RefineSearchParameters { Coarse = ivf, Threads = ivf.Threads }
            : parameters;
}
