using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Embedkit.Evaluation;
using Embedkit.IO;
using Embedkit.Search;

namespace Embedkit.Benchmarks;

/// <summary>
/// Exact search side by side with FAISS (bench/peers/flat_vs_faiss.sh): loads base and query vectors with
/// <see cref="VectorFile"/>, builds a <see cref="FlatIndex"/> (L2), times one warm-up and R timed batch
/// searches of every query (wall and process CPU time), and, when given FAISS's result ids, checks that the top-k agree (recall 1.0 up
/// to ties, by exact double-precision distances). One JSON line on stdout.
/// </summary>
internal static class FlatSearchHarness
{
    public static int Run(string[] args)
    {
        string basePath = args[0], queryPath = args[1];
        int k = 10, threads = 0, repeats = 3;
        string? peerIds = null;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--k": k = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--peer-ids": peerIds = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var clock = Stopwatch.StartNew();
        VectorMatrix xb = VectorFile.Read(basePath), xq = VectorFile.Read(queryPath);
        double load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var index = new FlatIndex(xb.Dimension, Metric.L2);
        var ids = new long[xb.Rows];
        for (int i = 0; i < ids.Length; i++) ids[i] = i;
        index.Add(ids, xb.Data);
        double add = clock.Elapsed.TotalSeconds;

        var found = new long[xq.Rows * k];
        var scores = new float[xq.Rows * k];
        var parameters = new SearchParameters { Threads = threads };
        index.Search(xq.Data, k, found, scores, parameters); // warm-up: JIT and tiering
        var seconds = new List<double>();
        var cpu = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            index.Search(xq.Data, k, found, scores, parameters);
            seconds.Add(Math.Round(clock.Elapsed.TotalSeconds, 3));
            cpu.Add(Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, 3));
        }
        double best = seconds.Min();
        double qps = xq.Rows / best;

        double? idRecall = null, distanceRecall = null;
        if (peerIds is not null)
        {
            IntMatrix peer = VectorFile.ReadIntegers(peerIds);
            var peerLong = Array.ConvertAll(peer.Data, v => (long)v);
            idRecall = AnnRecall.FromIds(peerLong, peer.Columns, found, k, k);
            float[] peerDistances = ExactDistances(xb, xq, peerLong, peer.Columns);
            float[] ourDistances = ExactDistances(xb, xq, found, k);
            distanceRecall = AnnRecall.FromScores(peerDistances, peer.Columns, ourDistances, k, k, ScoreKind.Distance);
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            peer = "embedkit-flat",
            @base = xb.Rows,
            queries = xq.Rows,
            dim = xb.Dimension,
            k,
            threads = parameters.Threads == 0 ? Environment.ProcessorCount : parameters.Threads,
            load_seconds = Math.Round(load, 3),
            add_seconds = Math.Round(add, 3),
            seconds,
            cpu_seconds = cpu,
            best_seconds = best,
            qps = Math.Round(qps, 1),
            recall_ids_vs_peer = idRecall,
            recall_distances_vs_peer = distanceRecall,
        }));
        return 0;
    }

    /// <summary>Squared L2 distances of each query to its listed base rows, in double precision (exact for integer data).</summary>
    private static float[] ExactDistances(VectorMatrix xb, VectorMatrix xq, long[] ids, int k)
    {
        var result = new float[xq.Rows * k];
        for (int q = 0; q < xq.Rows; q++)
        {
            Span<float> query = xq.Row(q);
            for (int j = 0; j < k; j++)
            {
                long id = ids[q * k + j];
                if (id < 0) { result[q * k + j] = float.PositiveInfinity; continue; }
                Span<float> x = xb.Row((int)id);
                double sum = 0;
                for (int c = 0; c < query.Length; c++) sum += ((double)query[c] - x[c]) * ((double)query[c] - x[c]);
                result[q * k + j] = (float)sum;
            }
        }
        return result;
    }
}
