using BenchmarkDotNet.Attributes;
using Embedkit.Search;

namespace Embedkit.Benchmarks;

/// <summary>
/// FlatIndex batch search on random data (20,000 × d base, 600 queries, k = 10), and the 6 × 4 dot-product
/// tile alone at d = 784, for regressions; the comparison with FAISS is bench/peers/flat_vs_faiss.sh.
/// Run: <c>dotnet run -c Release --project bench/Embedkit.Benchmarks -- --filter '*FlatIndex*'</c>.
/// </summary>
[MemoryDiagnoser]
public class FlatIndexBenchmarks
{
    private FlatIndex _index = null!;
    private float[] _queries = null!;
    private readonly long[] _ids = new long[600 * 10];
    private readonly float[] _scores = new float[600 * 10];
    private float[] _tileQueries = null!, _tileRows = null!;
    private readonly float[] _tile = new float[DotKernels.TileQueries * DotKernels.TileRows];

    /// <summary>Vector dimension.</summary>
    [Params(128, 784)]
    public int Dimension { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds the index and the tile operands once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();
        _index = new FlatIndex(Dimension, Metric.L2);
        _index.Add(Enumerable.Range(0, 20_000).Select(i => (long)i).ToArray(), Values(20_000 * Dimension));
        _queries = Values(600 * Dimension);
        _tileQueries = Values(DotKernels.TileQueries * 784);
        _tileRows = Values(DotKernels.TileRows * 784);
    }

    /// <summary>One batch search of 600 queries.</summary>
    [Benchmark]
    public long Search()
    {
        _index.Search(_queries, 10, _ids, _scores, new SearchParameters { Threads = Threads });
        return _ids[0];
    }

    /// <summary>One 6 × 4 tile at d = 784 (24 dot products, 37,632 multiply-adds).</summary>
    [Benchmark]
    public float Tile()
    {
        DotKernels.Tile(_tileQueries, _tileRows, 784, _tile, DotKernels.Best);
        return _tile[0];
    }
}
