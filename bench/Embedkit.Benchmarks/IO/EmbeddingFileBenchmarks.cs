using BenchmarkDotNet.Attributes;
using Embedkit.IO;

namespace Embedkit.Benchmarks.IO;

/// <summary>
/// .ekv read/verify/write speed on a BlogCatalog-sized set (10312 × 512 float32 = 21.1 MB), file in the
/// page cache. Run: <c>dotnet run -c Release --project bench/Embedkit.Benchmarks -- --filter *EmbeddingFileBenchmarks* --job short</c>
/// </summary>
[MemoryDiagnoser]
public class EmbeddingFileBenchmarks
{
    private const int Count = 10312;
    private const int Dimension = 512;
    private string _folder = "";
    private string _ekv = "";
    private string _npy = "";
    private string _bin = "";
    private EmbeddingSet _set = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "embedkit-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var random = new Random(1);
        var data = new float[Count * Dimension];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        _set = new EmbeddingSet(Enumerable.Range(0, Count).Select(i => $"node{i}").ToArray(), Dimension, data, new Provenance("bench", []));
        _ekv = Path.Combine(_folder, "set.ekv");
        _npy = Path.Combine(_folder, "set.npy");
        _bin = Path.Combine(_folder, "set.bin");
        EmbeddingFile.Write(_ekv, _set);
        NpyFormat.Write(_npy, _set);
        Word2VecBinaryFormat.Write(_bin, _set);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public EmbeddingSet ReadVerified() => EmbeddingFile.Read(_ekv);

    [Benchmark]
    public EmbeddingSet ReadUnverified() => EmbeddingFile.Read(_ekv, verifyChecksum: false);

    [Benchmark]
    public EmbeddingFileHeader ReadHeaderOnly() => EmbeddingFile.ReadHeader(_ekv);

    [Benchmark]
    public ulong HashDataOnly() => FloatIO.Hash(_set.Data);

    [Benchmark]
    public void Write() => EmbeddingFile.Write(_ekv, _set);

    [Benchmark]
    public EmbeddingSet ReadNpy() => NpyFormat.Read(_npy);

    [Benchmark]
    public EmbeddingSet ReadWord2VecBinary() => Word2VecBinaryFormat.Read(_bin);
}
