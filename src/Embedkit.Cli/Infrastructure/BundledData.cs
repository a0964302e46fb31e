using System.Reflection;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The datasets bundled inside the CLI assembly (so that <c>quickstart</c> works from an installed tool
/// as well as from a clone), extracted to a temporary folder for the readers.
/// </summary>
internal sealed class BundledData : IDisposable
{
    private readonly string _folder;

    private BundledData(string folder, string edges, string labels)
    {
        _folder = folder;
        Edges = edges;
        Labels = labels;
    }

    /// <summary>Path of the extracted edge list.</summary>
    public string Edges { get; }

    /// <summary>Path of the extracted label file.</summary>
    public string Labels { get; }

    /// <summary>Extracts dataset <paramref name="name"/> (edges.tsv.gz, labels.tsv).</summary>
    public static BundledData Extract(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "embedkit-" + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string edges = Path.Combine(folder, "edges.tsv.gz");
        string labels = Path.Combine(folder, "labels.tsv");
        Copy($"{name}/edges.tsv.gz", edges);
        Copy($"{name}/labels.tsv", labels);
        return new BundledData(folder, edges, labels);
    }

    private static void Copy(string resource, string destination)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("data/" + resource)
            ?? throw new InvalidOperationException($"bundled resource data/{resource} is missing from the CLI assembly");
        using var file = File.Create(destination);
        stream.CopyTo(file);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
