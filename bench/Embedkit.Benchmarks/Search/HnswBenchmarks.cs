using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Embedkit.Search;

namespace Embedkit.Benchmarks;

/// <summary>
/// The distance kernels of HNSW search at d = 784 (vectors in L1, so this is the arithmetic alone) against
/// TensorPrimitives, the first choice by the conventions, and HnswIndex batch search on random data
/// (20,000 × 128, 1,000 queries, k = 10, ef = 64, one thread) for regressions; the comparison with hnswlib is
/// bench/peers/hnsw_vs_hnswlib.sh. Run: <c>dotnet run -c Release --project bench/Embedkit.Benchmarks -- --filter '*HnswBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public unsafe class HnswBenchmarks
{
    private const int D = 784;
    private readonly float[] _a = new float[D], _b = new float[4 * D];
    private readonly float[] _four = new float[4];
    private HnswIndex _index = null!;
    private float[] _queries = null!;
    private readonly long[] _ids = new long[1000 * 10];
    private readonly float[] _scores = new float[1000 * 10];

    /// <summary>Operands and the index, once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();
        Values(D).CopyTo(_a, 0);
        Values(4 * D).CopyTo(_b, 0);
        _index = new HnswIndex(128, Metric.L2, new HnswOptions { Threads = 2 });
        _index.Add(Enumerable.Range(0, 20_000).Select(i => (long)i).ToArray(), Values(20_000 * 128));
        _queries = Values(1000 * 128);
    }

    /// <summary>TensorPrimitives.Distance (Euclidean, with its square root), one pair.</summary>
    [Benchmark(Baseline = true)]
    public float TensorPrimitivesDistance() => TensorPrimitives.Distance<float>(_a, _b.AsSpan(0, D));

    /// <summary>DistanceKernels.SquaredL2, one pair.</summary>
    [Benchmark]
    public float SquaredL2()
    {
        fixed (float* a = _a)
        fixed (float* b = _b)
            return DistanceKernels.SquaredL2(a, b, D);
    }

    /// <summary>DistanceKernels.SquaredL2x4: four pairs (divide by 4 to compare).</summary>
    [Benchmark]
    public float SquaredL2x4()
    {
        fixed (float* a = _a)
        fixed (float* b = _b)
        fixed (float* r = _four)
        {
            DistanceKernels.SquaredL2x4(a, b, b + D, b + 2 * D, b + 3 * D, D, r);
            return r[0];
        }
    }

    /// <summary>One batch search of 1,000 queries, ef = 64, one thread.</summary>
    [Benchmark]
    public long Search()
    {
        _index.Search(_queries, 10, _ids, _scores, new HnswSearchParameters { Ef = 64, Threads = 1 });
        return _ids[0];
    }
}
