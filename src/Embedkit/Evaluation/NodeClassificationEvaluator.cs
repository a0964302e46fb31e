using System.Collections.Concurrent;
using System.Diagnostics;
using Embedkit.Graphs;

namespace Embedkit.Evaluation;

/// <summary>
/// The DeepWalk / FastRP node-classification protocol (their <c>scoring.py</c>), matching scikit-learn:
/// for each train ratio p and repeat r, the labelled rows (rows with at least one label) are shuffled with a
/// generator seeded by (Seed, r) — the same shuffle for every ratio — the first max(1, round(p·n)) rows train
/// <see cref="OneVsRestLogisticRegression"/> and the rest are test rows. Each test row predicts its k most
/// probable labels, k = its number of true labels (DeepWalk's TopKRanker; ties go to the lower label index);
/// Micro-/Macro-F1 follow <see cref="F1Score"/> over all labels of the dataset. Means and population standard
/// deviations (numpy's <c>np.std</c>, ddof = 0) are taken over repeats.
/// </summary>
public static class NodeClassificationEvaluator
{
    /// <summary>Runs the whole protocol.</summary>
    /// <exception cref="InvalidInputException">
    /// When an option is out of range, the labels are not aligned to the embeddings, there are fewer than two
    /// labelled rows, a ratio leaves no test row, or a labelled row's embedding has NaN or infinity.
    /// </exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static NodeClassificationReport Evaluate(EmbeddingSet embeddings, NodeLabels labels, NodeClassificationOptions options,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        options.Validate();
        int[] labelled = Labelled(embeddings, labels);
        int n = labelled.Length;
        int ratios = options.TrainRatios.Count, repeats = options.Repeats;
        var trainCounts = new int[ratios];
        for (int p = 0; p < ratios; p++)
        {
            double ratio = options.TrainRatios[p];
            trainCounts[p] = Math.Max(1, (int)Math.Round(ratio * n, MidpointRounding.AwayFromZero));
            if (trainCounts[p] >= n)
                ThrowHelper.InvalidInput($"option --ratios (TrainRatios): train ratio {ratio} of {n} labelled rows leaves no test row; use a smaller ratio", field: nameof(options.TrainRatios));
        }

        var shuffles = new int[repeats][];
        for (int r = 0; r < repeats; r++)
        {
            shuffles[r] = (int[])labelled.Clone();
            SplitMix64.ForStream(options.Seed, (ulong)r).Shuffle(shuffles[r]);
        }

        LogisticRegressionOptions lr = options.ToLogisticRegressionOptions();
        int threads = lr.EffectiveThreads, jobs = ratios * repeats;
        var scores = new SplitScore[jobs];
        int done = 0;
        void Run(int job, int innerThreads)
        {
            int p = job / repeats, r = job % repeats;
            int[] order = shuffles[r];
            scores[job] = ScoreSplit(embeddings, labels, order.AsSpan(0, trainCounts[p]), order.AsSpan(trainCounts[p]), lr, innerThreads, cancellationToken);
            progress?.Report(new ProgressReport("splits", Interlocked.Increment(ref done), jobs));
        }

        if (threads == 1 || jobs < threads)
        {
            for (int job = 0; job < jobs; job++) Run(job, threads);
        }
        else
        {
            // Largest training sets first for a short tail; each split is fitted on one thread.
            int[] byCost = [.. Enumerable.Range(0, jobs).OrderByDescending(j => trainCounts[j / repeats]).ThenBy(j => j)];
            try
            {
                Parallel.ForEach(Partitioner.Create(byCost, EnumerablePartitionerOptions.NoBuffering),
                    new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
                    job => Run(job, 1));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }

        bool single = labels.IsSingleLabel;
        var results = new RatioResult[ratios];
        for (int p = 0; p < ratios; p++)
        {
            SplitScore[] rs = scores.AsSpan(p * repeats, repeats).ToArray();
            (double micro, double microStd) = MeanStd(rs.Select(s => s.MicroF1));
            (double macro, double macroStd) = MeanStd(rs.Select(s => s.MacroF1));
            (double acc, double accStd) = single ? MeanStd(rs.Select(s => s.Accuracy!.Value)) : (0, 0);
            results[p] = new RatioResult
            {
                TrainRatio = options.TrainRatios[p],
                TrainCount = trainCounts[p],
                TestCount = n - trainCounts[p],
                MicroF1 = micro,
                MacroF1 = macro,
                MicroF1Std = microStd,
                MacroF1Std = macroStd,
                Accuracy = single ? acc : null,
                AccuracyStd = single ? accStd : null,
                Repeats = rs,
            };
        }
        return new NodeClassificationReport
        {
            Ratios = results,
            SingleLabel = single,
            LabelledRows = n,
            LabelCount = labels.LabelCount,
            Options = options,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Fits on the given training rows and scores the given test rows (row indices of
    /// <paramref name="embeddings"/>; every row must be labelled and appear at most once). Only the
    /// logistic-regression options (C, MaxIterations, Tolerance, Threads) of <paramref name="options"/> are used.
    /// </summary>
    /// <exception cref="InvalidInputException">When a row is out of range, unlabelled or repeated, or has NaN or infinity.</exception>
    public static SplitScore EvaluateSplit(EmbeddingSet embeddings, NodeLabels labels, ReadOnlySpan<int> trainRows, ReadOnlySpan<int> testRows,
        NodeClassificationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        LogisticRegressionOptions lr = options.ToLogisticRegressionOptions();
        lr.Validate();
        CheckAligned(embeddings, labels);
        if (trainRows.Length == 0) ThrowHelper.InvalidInput("the split has no training row", field: nameof(trainRows));
        if (testRows.Length == 0) ThrowHelper.InvalidInput("the split has no test row", field: nameof(testRows));
        var seen = new bool[embeddings.Count];
        CheckRows(embeddings, labels, trainRows, seen, nameof(trainRows));
        CheckRows(embeddings, labels, testRows, seen, nameof(testRows));
        return ScoreSplit(embeddings, labels, trainRows, testRows, lr, lr.EffectiveThreads, cancellationToken);
    }

    internal static SplitScore ScoreSplit(EmbeddingSet embeddings, NodeLabels labels, ReadOnlySpan<int> train, ReadOnlySpan<int> test,
        LogisticRegressionOptions options, int threads, CancellationToken ct)
    {
        int labelCount = labels.LabelCount, dim = embeddings.Dimension;
        var targets = new bool[train.Length * labelCount];
        for (int i = 0; i < train.Length; i++)
            foreach (int l in labels.Of(train[i])) targets[i * labelCount + l] = true;
        var design = new DesignMatrix(embeddings.Array, dim, train);
        OneVsRestLogisticRegression model = OneVsRestLogisticRegression.FitCore(design, targets, labelCount, options, threads, ct);
        int unconverged = 0;
        for (int l = 0; l < labelCount; l++) if (!model.Converged(l)) unconverged++;

        var tp = new long[labelCount];
        var fp = new long[labelCount];
        var fn = new long[labelCount];
        var x = new double[dim];
        var scores = new double[labelCount];
        var top = new int[labelCount];
        var predicted = new bool[labelCount];
        bool single = labels.IsSingleLabel;
        int correct = 0;
        foreach (int row in test)
        {
            ReadOnlySpan<float> src = embeddings.Row(row);
            for (int k = 0; k < dim; k++) x[k] = src[k];
            model.ScoreRow(x, scores);
            ReadOnlySpan<int> truth = labels.Of(row);
            int k2 = TopK(scores, truth.Length, top);
            Array.Clear(predicted);
            for (int t = 0; t < k2; t++) predicted[top[t]] = true;
            foreach (int l in truth)
            {
                if (predicted[l]) { tp[l]++; predicted[l] = false; }
                else fn[l]++;
            }
            for (int l = 0; l < labelCount; l++) if (predicted[l]) fp[l]++;
            if (single && truth.Length == 1 && top[0] == truth[0]) correct++;
        }
        return new SplitScore
        {
            MicroF1 = F1Score.Micro(tp, fp, fn),
            MacroF1 = F1Score.Macro(tp, fp, fn),
            Accuracy = single ? (double)correct / test.Length : null,
            TrainCount = train.Length,
            TestCount = test.Length,
            UnconvergedClassifiers = unconverged,
        };
    }

    /// <summary>The <paramref name="k"/> highest scores' label indices into <paramref name="top"/> (ties: lower index first).</summary>
    internal static int TopK(ReadOnlySpan<double> scores, int k, Span<int> top)
    {
        k = Math.Min(k, scores.Length);
        if (k <= 0) return 0;
        int count = 0;
        for (int l = 0; l < scores.Length; l++)
        {
            double s = scores[l];
            if (count == k && !(s > scores[top[count - 1]])) continue;
            int pos = count < k ? count++ : k - 1;
            while (pos > 0 && s > scores[top[pos - 1]]) { top[pos] = top[pos - 1]; pos--; }
            top[pos] = l;
        }
        return count;
    }

    private static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        double[] v = [.. values];
        double mean = v.Sum() / v.Length;
        double ss = 0;
        foreach (double x in v) ss += (x - mean) * (x - mean);
        return (mean, Math.Sqrt(ss / v.Length));
    }

    private static void CheckAligned(EmbeddingSet embeddings, NodeLabels labels)
    {
        if (labels.RowCount != embeddings.Count)
            ThrowHelper.InvalidInput($"labels are aligned to {labels.RowCount} rows but the embedding set has {embeddings.Count} rows", field: nameof(labels));
    }

    private static int[] Labelled(EmbeddingSet embeddings, NodeLabels labels)
    {
        CheckAligned(embeddings, labels);
        var rows = new List<int>();
        for (int i = 0; i < labels.RowCount; i++)
            if (labels.Offsets[i + 1] > labels.Offsets[i])
            {
                if (OneVsRestLogisticRegression.HasNonFinite(embeddings.Row(i)))
                    ThrowHelper.InvalidInput($"embedding of row id '{embeddings.Ids[i]}' contains NaN or infinity", field: "embeddings");
                rows.Add(i);
            }
        if (rows.Count < 2)
            ThrowHelper.InvalidInput($"node classification needs at least 2 labelled rows; found {rows.Count}", field: nameof(labels));
        return [.. rows];
    }

    private static void CheckRows(EmbeddingSet embeddings, NodeLabels labels, ReadOnlySpan<int> rows, bool[] seen, string field)
    {
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)embeddings.Count) ThrowHelper.InvalidInput($"row {r} is out of range [0, {embeddings.Count})", field: field);
            if (seen[r]) ThrowHelper.InvalidInput($"row id '{embeddings.Ids[r]}' appears more than once in the split", field: field);
            seen[r] = true;
            if (labels.Offsets[r + 1] == labels.Offsets[r]) ThrowHelper.InvalidInput($"row id '{embeddings.Ids[r]}' has no label", field: field);
            if (OneVsRestLogisticRegression.HasNonFinite(embeddings.Row(r)))
                ThrowHelper.InvalidInput($"embedding of row id '{embeddings.Ids[r]}' contains NaN or infinity", field: "embeddings");
        }
    }
}
