using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Embedkit.Evaluation;
using Embedkit.IO;
using Embedkit.Search;

namespace Embedkit.Benchmarks;

/// <summary>
/// A factory-string index side by side with a peer (bench/peers/codecs_vs_faiss.sh) or alone (the compression
/// table): loads base and query vectors with <see cref="VectorFile"/> (or an embeddings file, splitting off
/// held-out queries), builds the index of <c>--spec</c>, trains it on the base, adds the base (or loads it from
/// <c>--index</c>, written there on the first run), times one warm-up
/// and R timed batch searches of every query, and reports ann-benchmarks recall@k against exact ground truth
/// (FlatIndex; cached in <c>--truth</c>). One JSON line on stdout.
/// </summary>
internal static class CodecSearchHarness
{
    public static int Run(string[] args)
    {
        string basePath = args[0];
        string? queryPath = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
        int k = 10, threads = 0, repeats = 3, oversample = 4, heldOut = 1000;
        string spec = "PQ16", metricName = "l2";
        string? truthPath = null, indexPath = null;
        CodeScoring scoring = CodeScoring.Asymmetric;
        for (int i = queryPath is null ? 1 : 2; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--spec": spec = value; break;
                case "--metric": metricName = value; break;
                case "--k": k = Int(value); break;
                case "--threads": threads = Int(value); break;
                case "--repeats": repeats = Int(value); break;
                case "--oversample": oversample = Int(value); break;
                case "--held-out": heldOut = Int(value); break;
                case "--scoring": scoring = Enum.Parse<CodeScoring>(value, ignoreCase: true); break;
                case "--truth": truthPath = value; break;
                case "--index": indexPath = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        Metric metric = MetricExtensions.Parse(metricName);
        var clock = Stopwatch.StartNew();
        (VectorMatrix xb, VectorMatrix xq) = Load(basePath, queryPath, heldOut);
        double load = clock.Elapsed.TotalSeconds;

        Neighbors truth = GroundTruth(xb, xq, metric, k, truthPath);
        if (repeats == 0)
        {
            // Only the ground truth was wanted (written to --truth for the peers' recall).
            Console.WriteLine(JsonSerializer.Serialize(new { truth = truthPath, queries = xq.Rows, k }));
            return 0;
        }

        IVectorIndex index;
        double train = 0, add = 0;
        if (indexPath is not null && File.Exists(indexPath))
        {
            // A trained and filled index saved by an earlier round (VectorIndexFile), so rounds time only searches.
            index = VectorIndexFile.Read(indexPath);
            if (IndexFactory.SpecOf(index).ToString() != IndexSpec.Parse(spec).ToString() || index.Count != xb.Rows)
                throw new ArgumentException($"{indexPath} holds {IndexFactory.SpecOf(index)} with {index.Count} vectors, not {spec} with {xb.Rows}");
        }
        else
        {
            index = IndexFactory.Create(spec, xb.Dimension, metric);
            clock.Restart();
            index.GetService<ITrainableIndex>()?.Train(xb.Data, new TrainingOptions { Threads = threads });
            train = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var ids = new long[xb.Rows];
            for (int i = 0; i < ids.Length; i++) ids[i] = i;
            index.Add(ids, xb.Data);
            add = clock.Elapsed.TotalSeconds;
            if (indexPath is not null) VectorIndexFile.Write(indexPath, index);
        }

        SearchParameters codec = new CodecSearchParameters { Threads = threads, Scoring = scoring };
        SearchParameters parameters = index is RefineIndex
            ? new RefineSearchParameters { Threads = threads, Oversample = oversample, Coarse = codec }
            : codec;
        var found = new long[xq.Rows * k];
        var scores = new float[xq.Rows * k];
        index.Search(xq.Data, k, found, scores, parameters); // warm-up: JIT and tiering
        var seconds = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            index.Search(xq.Data, k, found, scores, parameters);
            seconds.Add(Math.Round(clock.Elapsed.TotalSeconds, 4));
        }
        double best = seconds.Min();

        float[] exact = ExactScores(xb, xq, found, k, metric);
        double recall = AnnRecall.FromScores(truth.Scores, k, exact, k, k, metric.ScoreKind());
        double idRecall = AnnRecall.FromIds(truth.Ids, k, found, k, k);
        IVectorIndex coarse = index is RefineIndex refine ? refine.Coarse : index;
        int codeSize = coarse.GetService<IVectorCodec>()?.CodeSize ?? xb.Dimension * sizeof(float);

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            peer = "embedkit",
            spec = IndexFactory.SpecOf(index).ToString(),
            scoring = scoring.ToString().ToLowerInvariant(),
            oversample = index is RefineIndex ? oversample : (int?)null,
            metric = metric.Name(),
            @base = xb.Rows,
            queries = xq.Rows,
            dim = xb.Dimension,
            k,
            threads = threads == 0 ? Environment.ProcessorCount : threads,
            code_bytes = codeSize,
            float_bytes = xb.Dimension * sizeof(float),
            compression = Math.Round((double)xb.Dimension * sizeof(float) / codeSize, 2),
            load_seconds = Math.Round(load, 3),
            train_seconds = Math.Round(train, 3),
            add_seconds = Math.Round(add, 3),
            seconds,
            best_seconds = best,
            qps = Math.Round(xq.Rows / best, 1),
            recall = Math.Round(recall, 4),
            recall_ids = Math.Round(idRecall, 4),
        }));
        return 0;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Base and queries from two vector files, or from one embeddings file with its last <paramref name="heldOut"/> rows as queries.</summary>
    private static (VectorMatrix Base, VectorMatrix Queries) Load(string basePath, string? queryPath, int heldOut)
    {
        if (queryPath is not null) return (VectorFile.Read(basePath), VectorFile.Read(queryPath));
        EmbeddingSet set = EmbeddingFormats.Read(basePath);
        int d = set.Dimension, n = set.Count - heldOut;
        return (new VectorMatrix(n, d, set.Array.AsSpan(0, n * d).ToArray()),
            new VectorMatrix(heldOut, d, set.Array.AsSpan(n * d, heldOut * d).ToArray()));
    }

    /// <summary>Exact top-k by FlatIndex, read from or written to an .ivecs/.fvecs pair when a path is given.</summary>
    private static Neighbors GroundTruth(VectorMatrix xb, VectorMatrix xq, Metric metric, int k, string? path)
    {
        if (path is not null && File.Exists(path + ".ivecs"))
        {
            IntMatrix ids = VectorFile.ReadIntegers(path + ".ivecs");
            VectorMatrix scores = VectorFile.Read(path + ".fvecs");
            if (ids.Rows == xq.Rows && ids.Columns == k)
                return new Neighbors(xq.Rows, k, Array.ConvertAll(ids.Data, v => (long)v), scores.Data, metric.ScoreKind());
        }
        Neighbors truth = AnnRecall.GroundTruth(xb.Data, xq.Data, xb.Dimension, metric, k);
        if (path is not null)
        {
            using (var ivecs = new BinaryWriter(File.Create(path + ".ivecs")))
            using (var fvecs = new BinaryWriter(File.Create(path + ".fvecs")))
            {
                for (int q = 0; q < xq.Rows; q++)
                {
                    ivecs.Write(k);
                    fvecs.Write(k);
                    for (int j = 0; j < k; j++)
                    {
                        ivecs.Write((int)truth.Ids[q * k + j]);
                        fvecs.Write(truth.Scores[q * k + j]);
                    }
                }
            }
        }
        return truth;
    }

    /// <summary>The exact score (in double, rounded once) of each returned id, as ann-benchmarks recomputes them.</summary>
    internal static float[] ExactScores(VectorMatrix xb, VectorMatrix xq, long[] ids, int k, Metric metric)
    {
        var result = new float[xq.Rows * k];
        for (int q = 0; q < xq.Rows; q++)
        {
            Span<float> query = xq.Row(q);
            double qq = 0;
            foreach (float v in query) qq += (double)v * v;
            for (int j = 0; j < k; j++)
            {
                long id = ids[q * k + j];
                if (id < 0)
                {
                    result[q * k + j] = metric.ScoreKind().WorstScore();
                    continue;
                }
                Span<float> x = xb.Row((int)id);
                double l2 = 0, dot = 0, xx = 0;
                for (int c = 0; c < query.Length; c++)
                {
                    double diff = (double)query[c] - x[c];
                    l2 += diff * diff;
                    dot += (double)query[c] * x[c];
                    xx += (double)x[c] * x[c];
                }
                result[q * k + j] = (float)(metric switch
                {
                    Metric.L2 => l2,
                    Metric.InnerProduct => dot,
                    _ => dot / Math.Sqrt(qq * xx),
                });
            }
        }
        return result;
    }
}
