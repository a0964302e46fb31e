using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Cloud.Unum.USearch;
using Embedkit.IO;

namespace Embedkit.Benchmarks;

/// <summary>
/// USearch, the third HNSW peer of bench/peers/ann_peers.sh, driven from .NET through the native library of the
/// NuGet package Cloud.Unum.USearch (<c>libusearch_c</c>, its C API, called directly: the package's managed
/// wrapper cannot change efSearch after construction, reserve capacity, or report memory). L2 over float32, the
/// given connectivity (M) and expansion_add 200 (efConstruction, as hnswlib and Embedkit here); capacity is
/// reserved for every vector before the adds, which run on <c>--threads</c> threads. For each ef: one warm-up and
/// <c>--repeats</c> timed passes over all queries (one query per call, as USearch's API takes them; queries are
/// spread over the threads when there are several), best kept; the returned keys go to OUT/usearch-ef{ef}.i64
/// (int64, queries × k) for the Python side to score with the same exact distances as every other peer. One JSON
/// line per ef (the table writer's shape, recall filled in later) and one for the build.
/// <c>usearch BASE QUERIES OUT [--threads 1] [--k 10] [--m 16] [--ef 16,32,64,128,256] [--repeats 2] [--limit N] [--query-limit N]</c>
/// </summary>
internal static class UsearchHarness
{
    private const string Library = "libusearch_c";

    public static int Run(string[] args)
    {
        string basePath = args[0], queryPath = args[1], outDir = args[2];
        int k = 10, threads = 1, repeats = 2, m = 16, limit = 0, queryLimit = 0;
        int[] efs = [16, 32, 64, 128, 256];
        for (int i = 3; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--k": k = int.Parse(value); break;
                case "--threads": threads = int.Parse(value); break;
                case "--repeats": repeats = int.Parse(value); break;
                case "--m": m = int.Parse(value); break;
                case "--ef": efs = value.Split(',').Select(int.Parse).ToArray(); break;
                case "--limit": limit = int.Parse(value); break;
                case "--query-limit": queryLimit = int.Parse(value); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        VectorMatrix xb = VectorFile.Read(basePath), xq = VectorFile.Read(queryPath);
        int n = limit > 0 ? Math.Min(limit, xb.Rows) : xb.Rows, d = xb.Dimension;
        int nq = queryLimit > 0 ? Math.Min(queryLimit, xq.Rows) : xq.Rows;
        float[] baseData = xb.Data, queryData = xq.Data;

        var options = new IndexOptions(MetricKind.L2sq, IntPtr.Zero, ScalarKind.Float32, (ulong)d, (ulong)m, 200, (ulong)efs[0], false);
        IntPtr index = Check(usearch_init(ref options, out IntPtr error), error);
        try
        {
            var clock = Stopwatch.StartNew();
            usearch_reserve(index, (nuint)n, out error); Check(error);
            usearch_change_threads_add(index, (nuint)threads, out error); Check(error);
            usearch_change_threads_search(index, (nuint)threads, out error); Check(error);
            unsafe
            {
                fixed (float* data = baseData)
                {
                    float* start = data;
                    Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
                    {
                        usearch_add(index, (ulong)i, (IntPtr)(start + (long)i * d), ScalarKind.Float32, out IntPtr e);
                        Check(e);
                    });
                }
            }
            double build = clock.Elapsed.TotalSeconds;
            ulong serialized = (ulong)usearch_serialized_length(index, out error); Check(error);
            ulong memory = (ulong)usearch_memory_usage(index, out error); Check(error);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                peer = "usearch", version = USearchCapabilities.Version(), simd = HardwareAcceleration(index),
                n, dim = d, m, ef_construction = 200, threads, build_seconds = Math.Round(build, 2),
                memory_bytes_per_vector = Math.Round((double)memory / n, 1),
            }));

            var keys = new ulong[(long)nq * k];
            var distances = new float[(long)nq * k];
            foreach (int ef in efs)
            {
                usearch_change_expansion_search(index, (nuint)ef, out error); Check(error);
                double best = double.MaxValue;
                for (int r = 0; r <= repeats; r++)
                {
                    var pass = Stopwatch.StartNew();
                    SearchAll(index, queryData, nq, d, k, threads, keys, distances);
                    if (r > 0) best = Math.Min(best, pass.Elapsed.TotalSeconds);   // pass 0 is the warm-up
                }
                var labels = new long[keys.Length];
                for (int i = 0; i < keys.Length; i++) labels[i] = keys[i] == ulong.MaxValue ? -1 : (long)keys[i];
                File.WriteAllBytes(Path.Combine(outDir, $"usearch-ef{ef}.i64"), MemoryMarshal.AsBytes(labels.AsSpan()).ToArray());
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    peer = "usearch", index = $"M={m}", @params = $"ef={ef}", build_seconds = Math.Round(build, 2),
                    bytes_per_vector = Math.Round((double)serialized / n, 1), labels = $"ef{ef}",
                    qps = Math.Round(nq / best, 1),
                }));
            }
        }
        finally
        {
            usearch_free(index, out _);
        }
        return 0;
    }

    private static unsafe void SearchAll(IntPtr index, float[] queries, int nq, int d, int k, int threads, ulong[] keys, float[] distances)
    {
        fixed (float* q = queries)
        fixed (ulong* keyOut = keys)
        fixed (float* distanceOut = distances)
        {
            float* qs = q; ulong* ko = keyOut; float* dOut = distanceOut;
            void One(int i)
            {
                nuint found = usearch_search(index, (IntPtr)(qs + (long)i * d), ScalarKind.Float32, (nuint)k,
                    (IntPtr)(ko + (long)i * k), (IntPtr)(dOut + (long)i * k), out IntPtr e);
                Check(e);
                for (int j = (int)found; j < k; j++) ko[(long)i * k + j] = ulong.MaxValue;
            }
            if (threads == 1) for (int i = 0; i < nq; i++) One(i);
            else Parallel.For(0, nq, new ParallelOptions { MaxDegreeOfParallelism = threads }, One);
        }
    }

    private static string HardwareAcceleration(IntPtr index)
    {
        IntPtr name = usearch_hardware_acceleration(index, out IntPtr error);
        Check(error);
        return Marshal.PtrToStringAnsi(name) ?? "?";
    }

    private static IntPtr Check(IntPtr result, IntPtr error)
    {
        Check(error);
        return result;
    }

    private static void Check(IntPtr error)
    {
        if (error != IntPtr.Zero) throw new InvalidOperationException("usearch: " + Marshal.PtrToStringAnsi(error));
    }

    [DllImport(Library)] private static extern IntPtr usearch_init(ref IndexOptions options, out IntPtr error);
    [DllImport(Library)] private static extern void usearch_free(IntPtr index, out IntPtr error);
    [DllImport(Library)] private static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);
    [DllImport(Library)] private static extern void usearch_change_threads_add(IntPtr index, nuint threads, out IntPtr error);
    [DllImport(Library)] private static extern void usearch_change_threads_search(IntPtr index, nuint threads, out IntPtr error);
    [DllImport(Library)] private static extern void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);
    [DllImport(Library)] private static extern void usearch_add(IntPtr index, ulong key, IntPtr vector, ScalarKind kind, out IntPtr error);
    [DllImport(Library)] private static extern nuint usearch_search(IntPtr index, IntPtr query, ScalarKind kind, nuint count, IntPtr keys, IntPtr distances, out IntPtr error);
    [DllImport(Library)] private static extern nuint usearch_serialized_length(IntPtr index, out IntPtr error);
    [DllImport(Library)] private static extern nuint usearch_memory_usage(IntPtr index, out IntPtr error);
    [DllImport(Library)] private static extern IntPtr usearch_hardware_acceleration(IntPtr index, out IntPtr error);
}
