using System.IO.Compression;
using System.Text;
using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

/// <summary>Temp files for the reader tests (deleted on dispose) and paths to the bundled data.</summary>
internal sealed class GraphTestFiles : IDisposable
{
    private GraphTestFiles(string path) => Path = path;

    public string Path { get; }

    public static GraphTestFiles WithBytes(byte[] bytes, string extension = ".tsv")
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"embedkit-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        return new GraphTestFiles(path);
    }

    public static GraphTestFiles WithText(string text, string extension = ".tsv") =>
        WithBytes(new UTF8Encoding(false).GetBytes(text), extension);

    public static GraphTestFiles Gzipped(byte[] bytes, string extension = ".tsv.gz")
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return WithBytes(buffer.ToArray(), extension);
    }

    public void Dispose()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }

    /// <summary>A file under the repository's data/ folder, found by walking up from the test binaries.</summary>
    public static string DataFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "data", relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"data/{relative} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Neighbour ids of the node with id <paramref name="id"/>, in CSR order.</summary>
    public static string[] NeighbourIds(CsrGraph graph, string id)
    {
        int node = IndexOf(graph, id);
        return graph.Neighbors(node).ToArray().Select(t => graph.NodeIds[t]).ToArray();
    }

    public static int IndexOf(CsrGraph graph, string id)
    {
        for (int i = 0; i < graph.NodeCount; i++)
            if (graph.NodeIds[i] == id) return i;
        throw new KeyNotFoundException(id);
    }
}
