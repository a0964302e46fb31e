using BenchmarkDotNet.Attributes;
using Embedkit.Graphs;

namespace Embedkit.Benchmarks;

/// <summary>
/// FastRP on the bundled BlogCatalog graph (10,312 nodes, 333,983 edges), the paper's settings.
/// Run: <c>dotnet run -c Release --project bench/Embedkit.Benchmarks -- --filter '*FastRP*'</c>.
/// </summary>
[MemoryDiagnoser]
public class FastRPBenchmarks
{
    private CsrGraph _graph = null!;

    /// <summary>Embedding dimension.</summary>
    [Params(128, 512)]
    public int Dimension { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Loads the graph once.</summary>
    [GlobalSetup]
    public void Setup() => _graph = EdgeListReader.Read(RepoData.Path("blogcatalog/edges.tsv.gz"), new EdgeListOptions()).Graph;

    /// <summary>One FastRP run.</summary>
    [Benchmark]
    public EmbeddingSet Embed() => FastRP.Embed(_graph, new FastRPOptions { Dimension = Dimension, Threads = Threads });
}

/// <summary>Reading BlogCatalog's gzipped edge list into CSR.</summary>
[MemoryDiagnoser]
public class EdgeListReaderBenchmarks
{
    /// <summary>One read.</summary>
    [Benchmark]
    public CsrGraph ReadBlogCatalog() => EdgeListReader.Read(RepoData.Path("blogcatalog/edges.tsv.gz"), new EdgeListOptions()).Graph;
}

/// <summary>Finds the repository's data folder from the benchmark's working directory.</summary>
internal static class RepoData
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "data", relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"data/{relative} not found above {AppContext.BaseDirectory}");
    }
}
