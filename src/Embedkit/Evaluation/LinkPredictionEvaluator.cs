using System.Diagnostics;
using System.Numerics.Tensors;

namespace Embedkit.Evaluation;

/// <summary>
/// Scores the test pairs of a <see cref="LinkPredictionSplit"/> with node embeddings (which must have been
/// learned on the split's <see cref="LinkPredictionSplit.Residual"/> graph, never on the full one) and with
/// neighbourhood heuristics on the residual graph, and reports ROC-AUC and average precision of each
/// (<see cref="RankingMetrics"/>):
/// <list type="bullet">
/// <item><see cref="LinkScorer.Dot"/> and <see cref="LinkScorer.Cosine"/> of the two vectors, in float64;</item>
/// <item><see cref="LinkScorer.HadamardLogisticRegression"/>: binary <see cref="OneVsRestLogisticRegression"/> (one
/// label, scikit-learn's <c>LogisticRegression(C)</c> objective) on the element-wise products u∘v of the training
/// pairs, scoring test pairs by its decision value wᵀ(u∘v) + b (the same ranking as the probability, without
/// its ties at 0 and 1) — node2vec's best edge operator;</item>
/// <item>the four <see cref="LinkHeuristic"/>s on the residual graph.</item>
/// </list>
/// Embedding rows are matched to the split's nodes by id, so their order does not matter. The result does not
/// depend on <see cref="LinkPredictionOptions.Threads"/>.
/// </summary>
public static class LinkPredictionEvaluator
{
    private const int Block = 4096;

    /// <summary>Runs every scorer and baseline on the split's test pairs.</summary>
    /// <exception cref="InvalidInputException">
    /// When an option is out of range, the embeddings have no row (or a NaN or infinite row) for a node of a test or
    /// training pair, or an embedding id appears twice.
    /// </exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static LinkPredictionReport Evaluate(EmbeddingSet embeddings, LinkPredictionSplit split, LinkPredictionOptions? options = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(split);
        options ??= new LinkPredictionOptions();
        options.Validate();
        var clock = Stopwatch.StartNew();
        ReadOnlySpan<NodePair> test = split.TestSpan, train = split.TrainSpan;
        int[] rows = Rows(embeddings, split);
        var labels = new bool[test.Length];
        for (int i = 0; i < test.Length; i++) labels[i] = test[i].IsEdge;

        progress?.Report(new ProgressReport("dot and cosine", 0, test.Length));
        var (dot, cosine) = DotAndCosine(embeddings, rows, test, split.NodeIds.Count);
        progress?.Report(new ProgressReport("dot and cosine", test.Length, test.Length));
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new ProgressReport("logistic regression", 0, 1));
        var (hadamard, model) = Hadamard(embeddings, rows, train, test, options, cancellationToken);
        progress?.Report(new ProgressReport("logistic regression", 1, 1));

        progress?.Report(new ProgressReport("heuristics", 0, test.Length));
        var heuristics = LinkHeuristics.ScoreAll(split.Residual, test, options.Threads);
        progress?.Report(new ProgressReport("heuristics", test.Length, test.Length));
        double[] Column(Func<LinkHeuristics.Scores, double> pick) => [.. heuristics.Select(pick)];

        return new LinkPredictionReport
        {
            HadamardLogisticRegression = RankingMetrics.Both(hadamard, labels),
            Dot = RankingMetrics.Both(dot, labels),
            Cosine = RankingMetrics.Both(cosine, labels),
            CommonNeighbors = RankingMetrics.Both(Column(s => s.Common), labels),
            Jaccard = RankingMetrics.Both(Column(s => s.Jaccard), labels),
            AdamicAdar = RankingMetrics.Both(Column(s => s.AdamicAdar), labels),
            ResourceAllocation = RankingMetrics.Both(Column(s => s.ResourceAllocation), labels),
            TestPairs = test.Length,
            TestPositives = split.HeldOutEdges,
            TrainPairs = train.Length,
            HoldoutFraction = split.Options.HoldoutFraction,
            HadamardIterations = model.Iterations(0),
            HadamardConverged = model.Converged(0),
            Options = options,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Dot products and cosines in float64: cos = u·v / √(‖u‖²‖v‖²), so that two equal vectors get exactly 1 (as the
    /// product of two rounded norms would not) and equal pairs stay tied, which average precision depends on.
    /// </summary>
    private static (double[] Dot, double[] Cosine) DotAndCosine(EmbeddingSet embeddings, int[] rows, ReadOnlySpan<NodePair> test, int nodes)
    {
        int d = embeddings.Dimension;
        var a = new double[d];
        var b = new double[d];
        var squaredNorms = new double[nodes];
        void SquaredNorm(int node)
        {
            TensorPrimitives.ConvertChecked<float, double>(embeddings.Row(rows[node]), a);
            squaredNorms[node] = TensorPrimitives.Dot<double>(a, a);
        }
        foreach (NodePair p in test)
        {
            SquaredNorm(p.U);
            SquaredNorm(p.V);
        }
        var dot = new double[test.Length];
        var cosine = new double[test.Length];
        for (int i = 0; i < test.Length; i++)
        {
            NodePair p = test[i];
            TensorPrimitives.ConvertChecked<float, double>(embeddings.Row(rows[p.U]), a);
            TensorPrimitives.ConvertChecked<float, double>(embeddings.Row(rows[p.V]), b);
            dot[i] = TensorPrimitives.Dot<double>(a, b);
            double scale = Math.Sqrt(squaredNorms[p.U] * squaredNorms[p.V]);
            cosine[i] = scale == 0 ? 0 : dot[i] / scale;
        }
        return (dot, cosine);
    }

    /// <summary>Fits the logistic regression on the training pairs' u∘v and returns its decision values on the test pairs.</summary>
    private static (double[] Scores, OneVsRestLogisticRegression Model) Hadamard(EmbeddingSet embeddings, int[] rows,
        ReadOnlySpan<NodePair> train, ReadOnlySpan<NodePair> test, LinkPredictionOptions options, CancellationToken ct)
    {
        int d = embeddings.Dimension;
        long cells = (long)train.Length * d;
        if (cells > Array.MaxLength)
            ThrowHelper.InvalidInput($"{train.Length:N0} training pairs × dimension {d} = {cells:N0} features exceed one buffer's limit of {Array.MaxLength:N0}", field: "embeddings");
        var features = new float[cells];
        var targets = new bool[train.Length];
        for (int i = 0; i < train.Length; i++)
        {
            TensorPrimitives.Multiply<float>(embeddings.Row(rows[train[i].U]), embeddings.Row(rows[train[i].V]), features.AsSpan(i * d, d));
            targets[i] = train[i].IsEdge;
        }
        var model = OneVsRestLogisticRegression.Fit(features, d, targets, 1, options.ToLogisticRegressionOptions(), ct);

        var scores = new double[test.Length];
        var block = new float[Math.Min(Block, test.Length) * d];
        for (int start = 0; start < test.Length; start += Block)
        {
            int count = Math.Min(Block, test.Length - start);
            for (int i = 0; i < count; i++)
            {
                NodePair p = test[start + i];
                TensorPrimitives.Multiply<float>(embeddings.Row(rows[p.U]), embeddings.Row(rows[p.V]), block.AsSpan(i * d, d));
            }
            model.DecisionFunction(block.AsSpan(0, count * d), scores.AsSpan(start, count));
        }
        return (scores, model);
    }

    /// <summary>The embedding row of every node in a test or training pair (−1 for other nodes), checked to exist and be finite.</summary>
    private static int[] Rows(EmbeddingSet embeddings, LinkPredictionSplit split)
    {
        var byId = new Dictionary<string, int>(embeddings.Count, StringComparer.Ordinal);
        for (int r = 0; r < embeddings.Count; r++)
            if (!byId.TryAdd(embeddings.Ids[r], r))
                ThrowHelper.InvalidInput($"embedding id '{embeddings.Ids[r]}' appears in rows {byId[embeddings.Ids[r]]} and {r}; expected one row per node", field: "embeddings");
        var rows = new int[split.NodeIds.Count];
        Array.Fill(rows, -1);
        void Resolve(int node, string kind)
        {
            if (rows[node] >= 0) return;
            string id = split.NodeIds[node];
            if (!byId.TryGetValue(id, out int row))
                ThrowHelper.InvalidInput(
                    $"the embeddings have no vector for node '{id}' of a {kind} pair; embed the split's residual graph with all its nodes (embed graph DIR/{LinkPredictionSplit.ResidualFileName} --nodes DIR/{LinkPredictionSplit.NodesFileName})",
                    field: "embeddings");
            if (OneVsRestLogisticRegression.HasNonFinite(embeddings.Row(row)))
                ThrowHelper.InvalidInput($"the embedding of node '{id}' contains NaN or infinity", field: "embeddings");
            rows[node] = row;
        }
        foreach (NodePair p in split.TestSpan) { Resolve(p.U, "test"); Resolve(p.V, "test"); }
        foreach (NodePair p in split.TrainSpan) { Resolve(p.U, "training"); Resolve(p.V, "training"); }
        return rows;
    }
}
