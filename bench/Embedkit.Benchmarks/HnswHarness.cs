using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Embedkit.Evaluation;
using Embedkit.IO;
using Embedkit.Search;

namespace Embedkit.Benchmarks;

/// <summary>
/// HNSW side by side with hnswlib (bench/peers/hnsw_vs_hnswlib.sh): loads base and query vectors with
/// <see cref="VectorFile"/>, builds an <see cref="HnswIndex"/> (L2) on the given threads, and for each ef times
/// one warm-up and R batch searches of every query (best kept), reporting QPS (by wall time, and by this process's
/// CPU time, which other jobs on a shared machine distort less) and ann-benchmarks recall@k
/// (<see cref="AnnRecall.FromScores"/>) against exact ground truth from <see cref="FlatIndex"/> (cached in a
/// file, computed outside every timing). Given hnswlib's result ids (<c>--peer-labels DIR</c>, files
/// <c>hnswlib-ef{ef}.i64</c>), scores them the same way: each returned id's exact distance recomputed in
/// double precision (also <c>hnswlib-native-ef{ef}.i64</c> from the natively compiled peer). One JSON line per ef
/// and side on stdout.
/// </summary>
internal static class HnswHarness
{
    public static int Run(string[] args)
    {
        string basePath = args[0], queryPath = args[1];
        int k = 10, threads = 1, repeats = 2, m = 16, efConstruction = 200, limit = 0;
        int[] efs = [16, 32, 64, 128, 256];
        string? peerLabels = null, truthPath = null;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--k": k = Int(value); break;
                case "--threads": threads = Int(value); break;
                case "--repeats": repeats = Int(value); break;
                case "--m": m = Int(value); break;
                case "--ef-construction": efConstruction = Int(value); break;
                case "--ef": efs = value.Split(',').Select(Int).ToArray(); break;
                case "--limit": limit = Int(value); break;
                case "--truth": truthPath = value; break;
                case "--peer-labels": peerLabels = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        VectorMatrix xb = VectorFile.Read(basePath), xq = VectorFile.Read(queryPath);
        int n = limit > 0 ? Math.Min(limit, xb.Rows) : xb.Rows, d = xb.Dimension;
        ReadOnlySpan<float> baseData = xb.Data.AsSpan(0, n * d);
        Neighbors truth = GroundTruth(baseData, xq, d, k, truthPath, n);

        var ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        long rssBefore = Rss();
        TimeSpan buildCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { M = m, EfConstruction = efConstruction, Threads = threads });
        index.Add(ids, baseData);
        double build = clock.Elapsed.TotalSeconds;
        double buildCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - buildCpu).TotalSeconds;
        long rssAfter = Rss(); // the GC may reuse memory the ground truth freed, so this can understate

        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            peer = "embedkit",
            n,
            dim = d,
            m,
            ef_construction = efConstruction,
            threads,
            build_seconds = Math.Round(build, 2),
            build_cpu_seconds = Math.Round(buildCpuSeconds, 2),
            bytes_per_vector = Math.Round((double)(managedAfter - managedBefore + index.NativeBytes) / n, 1),
            rss_bytes_per_vector = Math.Round((double)(rssAfter - rssBefore) / n, 1),
            huge_pages_mb = HugePagesMb(),
        }));

        var found = new long[xq.Rows * k];
        var scores = new float[xq.Rows * k];
        foreach (int ef in efs)
        {
            var parameters = new HnswSearchParameters { Ef = ef, Threads = threads };
            index.Search(xq.Data, k, found, scores, parameters); // warm-up: JIT and tiering
            double best = double.MaxValue, bestCpu = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                clock.Restart();
                index.Search(xq.Data, k, found, scores, parameters);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            }
            double recall = AnnRecall.FromScores(truth.Scores, k, scores, k, k, ScoreKind.Distance);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                peer = "embedkit",
                ef,
                recall = Math.Round(recall, 4),
                qps = Math.Round(xq.Rows / best, 0),
                cpu_qps = Math.Round(xq.Rows / bestCpu, 0),
            }));
        }

        if (peerLabels is not null)
        {
            foreach (string peer in new[] { "hnswlib", "hnswlib-native" })
            {
                foreach (int ef in efs)
                {
                    string file = Path.Combine(peerLabels, $"{peer}-ef{ef}.i64");
                    if (!File.Exists(file)) continue;
                    long[] labels = MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(file)).ToArray();
                    float[] exact = ExactScores(baseData, xq, d, labels, k);
                    double recall = AnnRecall.FromScores(truth.Scores, k, exact, k, k, ScoreKind.Distance);
                    Console.WriteLine(JsonSerializer.Serialize(new { peer, ef, recall = Math.Round(recall, 4), scored_by = "embedkit" }));
                }
            }
        }
        return 0;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Exact k-NN by <see cref="FlatIndex"/> on all cores, cached in <paramref name="path"/> (k, then ids and scores) when given.</summary>
    private static Neighbors GroundTruth(ReadOnlySpan<float> baseData, VectorMatrix xq, int d, int k, string? path, int n)
    {
        string? file = path is null ? null : $"{path}.n{n}.k{k}";
        if (file is not null && File.Exists(file))
        {
            byte[] bytes = File.ReadAllBytes(file);
            long[] cachedIds = MemoryMarshal.Cast<byte, long>(bytes.AsSpan(0, xq.Rows * k * 8)).ToArray();
            float[] cachedScores = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(xq.Rows * k * 8)).ToArray();
            return new Neighbors(xq.Rows, k, cachedIds, cachedScores, ScoreKind.Distance);
        }
        Neighbors truth = AnnRecall.GroundTruth(baseData, xq.Data, d, Metric.L2, k);
        if (file is not null)
        {
            using var stream = File.Create(file);
            stream.Write(MemoryMarshal.AsBytes(truth.Ids.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(truth.Scores.AsSpan()));
        }
        return truth;
    }

    /// <summary>The exact squared distance of every returned id, as <see cref="FlatIndex"/> scores it (−1 gets +∞).</summary>
    private static float[] ExactScores(ReadOnlySpan<float> baseData, VectorMatrix xq, int d, long[] labels, int k)
    {
        var exact = new float[labels.Length];
        for (int q = 0; q < xq.Rows; q++)
        {
            for (int j = 0; j < k; j++)
            {
                long id = labels[q * k + j];
                exact[q * k + j] = id < 0 ? float.PositiveInfinity : (float)DotKernels.ExactSquaredDistance(xq.Row(q), baseData.Slice((int)id * d, d));
            }
        }
        return exact;
    }

    /// <summary>Transparent huge pages this process holds, from /proc (0 where there is none).</summary>
    private static long HugePagesMb()
    {
        try
        {
            string line = File.ReadLines("/proc/self/smaps_rollup").FirstOrDefault(l => l.StartsWith("AnonHugePages:", StringComparison.Ordinal)) ?? "";
            return line.Length == 0 ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Resident set size of this process, from /proc (0 where there is none).</summary>
    private static long Rss()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
