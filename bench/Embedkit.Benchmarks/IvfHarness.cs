using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Embedkit.Evaluation;
using Embedkit.IO;
using Embedkit.Search;

namespace Embedkit.Benchmarks;

/// <summary>
/// IVF with the settings the factory string does not carry (bench/peers/ivf_residual.sh): builds an
/// <see cref="IvfIndex"/> of <c>--lists</c> lists over <c>--storage</c> (Flat or a codec) with residual encoding on
/// or off (<c>--residual 1|0</c>), trains it on the base and adds the base (timed apart), then for each nprobe of
/// <c>--nprobe</c> times one warm-up and one batch search of every query and reports ann-benchmarks recall@k against
/// exact ground truth (FlatIndex). JSON lines on stdout: the build, then one per nprobe.
/// </summary>
internal static class IvfHarness
{
    public static int Run(string[] args)
    {
        string basePath = args[0], queryPath = args[1];
        int k = 10, threads = 1, lists = 256, iterations = 25;
        bool residual = true;
        string storage = "PQ16", sweep = "1,4,16";
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--lists": lists = Int(value); break;
                case "--storage": storage = value; break;
                case "--residual": residual = value == "1"; break;
                case "--nprobe": sweep = value; break;
                case "--k": k = Int(value); break;
                case "--threads": threads = Int(value); break;
                case "--iterations": iterations = Int(value); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        VectorMatrix xb = VectorFile.Read(basePath), xq = VectorFile.Read(queryPath);
        Neighbors truth = AnnRecall.GroundTruth(xb.Data, xq.Data, xb.Dimension, Metric.L2, k, 0);
        IndexSpec spec = IndexSpec.Parse($"IVF{lists},{storage}");
        var index = new IvfIndex(xb.Dimension, Metric.L2, new IvfOptions { Lists = lists, ByResidual = residual, Training = new TrainingOptions { Threads = threads, Iterations = iterations } },
            spec.Codec?.Create(xb.Dimension));
        var clock = Stopwatch.StartNew();
        index.Train(xb.Data);
        double train = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var ids = new long[xb.Rows];
        for (int i = 0; i < ids.Length; i++) ids[i] = i;
        index.Add(ids, xb.Data);
        double add = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new { peer = "embedkit", spec = spec.ToString(), by_residual = index.ByResidual, threads, @base = xb.Rows, queries = xq.Rows, train_seconds = Math.Round(train, 3), add_seconds = Math.Round(add, 3) }));

        var found = new long[xq.Rows * k];
        var scores = new float[xq.Rows * k];
        foreach (int nprobe in sweep.Split(',').Select(Int))
        {
            var parameters = new IvfSearchParameters { NProbe = nprobe, Threads = threads };
            index.Search(xq.Data.AsSpan(0, Math.Min(xq.Rows, 100) * xq.Dimension), k, found.AsSpan(0, Math.Min(xq.Rows, 100) * k), scores.AsSpan(0, Math.Min(xq.Rows, 100) * k), parameters);
            clock.Restart();
            index.Search(xq.Data, k, found, scores, parameters);
            double seconds = clock.Elapsed.TotalSeconds;
            float[] exact = CodecSearchHarness.ExactScores(xb, xq, found, k, Metric.L2);
            double recall = AnnRecall.FromScores(truth.Scores, k, exact, k, k, ScoreKind.Distance);
            Console.WriteLine(JsonSerializer.Serialize(new { nprobe, recall = Math.Round(recall, 4), qps = Math.Round(xq.Rows / seconds, 1) }));
        }
        return 0;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
