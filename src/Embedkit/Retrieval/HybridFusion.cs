namespace Embedkit.Retrieval;

/// <summary>
/// Fuses the runs of several retrievers for one query (BM25 and dense, typically) into one run in trec_eval's order.
/// <list type="bullet">
/// <item><see cref="ReciprocalRank"/>: reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009):
/// score(d) = Σ over runs containing d of 1 / (k + rank(d)), rank 1-based in the run's trec_eval order, k = 60 as in
/// the paper;</item>
/// <item><see cref="NormalizedScore"/>: min–max normalised score fusion: each run's scores are mapped to [0, 1]
/// ((s − min) / (max − min); all 1 when a run's scores are all equal), a document missing from a run gets 0 there,
/// and score(d) = w · first(d) + (1 − w) · second(d).</item>
/// </list>
/// </summary>
public static class HybridFusion
{
    /// <summary>The constant k of reciprocal-rank fusion in the RRF paper.</summary>
    public const int DefaultRrfK = 60;

    /// <summary>Reciprocal-rank fusion of <paramref name="runs"/>, cut to the best <paramref name="depth"/>.</summary>
    public static ScoredId[] ReciprocalRank(IReadOnlyList<IReadOnlyList<ScoredId>> runs, int depth, int k = DefaultRrfK)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ThrowHelper.RequireOption(k >= 0, "--rrf-k (k)", "an integer ≥ 0", k);
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var ordered = Ordered(run);
            for (int r = 0; r < ordered.Length; r++)
                fused[ordered[r].Id] = fused.GetValueOrDefault(ordered[r].Id) + 1.0 / (k + r + 1);
        }
        return Top(fused, depth);
    }

    /// <summary>
    /// Min–max normalised fusion: <paramref name="weight"/> × <paramref name="first"/> + (1 − weight) × <paramref name="second"/>,
    /// cut to the best <paramref name="depth"/>.
    /// </summary>
    public static ScoredId[] NormalizedScore(IReadOnlyList<ScoredId> first, IReadOnlyList<ScoredId> second, int depth, double weight = 0.5)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ThrowHelper.RequireOption(weight is >= 0 and <= 1, "--fusion-weight (weight)", "a number in [0, 1]", weight);
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(fused, first, weight);
        Add(fused, second, 1 - weight);
        return Top(fused, depth);
    }

    private static void Add(Dictionary<string, double> fused, IReadOnlyList<ScoredId> run, double weight)
    {
        if (run.Count == 0) return;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var hit in run)
        {
            if (!double.IsFinite(hit.Score)) ThrowHelper.InvalidInput($"document '{hit.Id}' has score {hit.Score}; expected a finite score to normalise", field: "run");
            min = Math.Min(min, hit.Score);
            max = Math.Max(max, hit.Score);
        }
        foreach (var hit in run)
        {
            double normalized = max > min ? (hit.Score - min) / (max - min) : 1;
            fused[hit.Id] = fused.GetValueOrDefault(hit.Id) + weight * normalized;
        }
    }

    private static ScoredId[] Ordered(IReadOnlyList<ScoredId> run)
    {
        var ordered = run.ToArray();
        Array.Sort(ordered, ScoredId.CompareTrec);
        for (int i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Id == ordered[i - 1].Id && ordered[i].Score == ordered[i - 1].Score)
                ThrowHelper.InvalidInput($"document '{ordered[i].Id}' appears twice in one run; expected each document once", field: "run");
        }
        return ordered;
    }

    private static ScoredId[] Top(Dictionary<string, double> fused, int depth)
    {
        var all = fused.Select(p => new ScoredId(p.Key, p.Value)).ToArray();
        Array.Sort(all, ScoredId.CompareTrec);
        return all.Length <= depth ? all : all[..depth];
    }
}
