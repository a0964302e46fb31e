using System.Globalization;
using Embedkit.Search;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The CLI's view of index factory strings (<c>--spec</c>) and of search-parameter sweeps
/// (<c>--search-params "ef=16,32,64"</c>): the one place where the commands meet the index kinds.
/// </summary>
internal static class IndexSpecs
{
    /// <summary>Specs this build can create.</summary>
    public static readonly string[] Accepted = ["Flat", "HNSW<M> (e.g. HNSW16, HNSW32: M links per node, efConstruction 200)"];

    /// <summary>An empty index for <paramref name="spec"/>; <paramref name="threads"/> builds in parallel where the index can.</summary>
    public static IVectorIndex Create(string spec, int dimension, Metric metric, int threads = 0)
    {
        string trimmed = spec.Trim();
        if (trimmed == "Flat") return new FlatIndex(dimension, metric);
        if (trimmed.StartsWith("HNSW", StringComparison.Ordinal)
            && int.TryParse(trimmed.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m >= 2 && m <= HnswOptions.MaxM)
            return new HnswIndex(dimension, metric, new HnswOptions { M = m, Threads = threads });
        throw new InvalidInputException($"option --spec: expected one of {string.Join(", ", Accepted)}, found '{spec}'", field: "--spec");
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
        _ => throw new InvalidInputException($"option {option}: unknown search parameter '{name}'; expected ef (HNSW's efSearch)", field: option),
    };

    /// <summary>Throws unless the parameters suit <paramref name="index"/>: ef only means something to HNSW.</summary>
    public static void RequireApplicable(IVectorIndex index, SearchParameters parameters, string spec, string option)
    {
        if (parameters is HnswSearchParameters && index is not HnswIndex)
            throw new InvalidInputException($"option {option}: ef applies to HNSW indexes; this index is {spec}", field: option);
    }
}
