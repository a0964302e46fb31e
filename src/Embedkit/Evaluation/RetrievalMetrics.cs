using Embedkit.Retrieval;

namespace Embedkit.Evaluation;

/// <summary>
/// Per-query ranking metrics computed as current trec_eval (and so pytrec_eval and BEIR) computes them, on a run in
/// trec_eval's order (<see cref="ScoredId.CompareTrec"/>: score descending, ties by id descending). A document is
/// relevant when its judged relevance is ≥ 1; unjudged documents count as non-relevant.
/// <list type="bullet">
/// <item><see cref="Ndcg"/>: <c>ndcg_cut.k</c>, Σᵢ₌₁..ₖ rel(i) / log₂(i + 1) (gain = relevance, not 2^rel − 1) over the
/// same sum for the ideal ordering of all judged relevant documents;</item>
/// <item><see cref="Recall"/>: <c>recall.k</c>, relevant documents in the top k over all relevant documents;</item>
/// <item><see cref="ReciprocalRank"/>: <c>recip_rank_cut.k</c>, 1 / rank of the first relevant document in the top k (0 if none);</item>
/// <item><see cref="AveragePrecision"/>: <c>map_cut.k</c>, Σ over relevant documents at ranks r ≤ k of (relevant in the
/// top r) / r, over all relevant documents.</item>
/// </list>
/// Each takes the ranked ids and the query's judgments; with no relevant judgment every metric is 0 (trec_eval's value).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>nDCG at cutoff <paramref name="k"/>.</summary>
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        double dcg = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            int rel = judgments.GetValueOrDefault(ranked[i]);
            if (rel > 0) dcg += rel / Math.Log2(i + 2);
        }
        int[] ideal = judgments.Values.Where(r => r > 0).OrderByDescending(r => r).Take(k).ToArray();
        double idcg = 0;
        for (int i = 0; i < ideal.Length; i++) idcg += ideal[i] / Math.Log2(i + 2);
        return idcg > 0 ? dcg / idcg : 0;
    }

    /// <summary>Recall at cutoff <paramref name="k"/>.</summary>
    public static double Recall(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        int relevant = Relevant(judgments);
        if (relevant == 0) return 0;
        int found = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++) if (judgments.GetValueOrDefault(ranked[i]) >= 1) found++;
        return (double)found / relevant;
    }

    /// <summary>Reciprocal rank of the first relevant document within the top <paramref name="k"/>.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        for (int i = 0; i < Math.Min(k, ranked.Count); i++) if (judgments.GetValueOrDefault(ranked[i]) >= 1) return 1.0 / (i + 1);
        return 0;
    }

    /// <summary>Average precision cut at <paramref name="k"/>, divided by the number of relevant documents.</summary>
    public static double AveragePrecision(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        int relevant = Relevant(judgments);
        if (relevant == 0) return 0;
        double sum = 0;
        int soFar = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (judgments.GetValueOrDefault(ranked[i]) >= 1) sum += (double)++soFar / (i + 1);
        }
        return sum / relevant;
    }

    /// <summary>Number of judgments with relevance ≥ 1.</summary>
    public static int Relevant(IReadOnlyDictionary<string, int> judgments)
    {
        int n = 0;
        foreach (int r in judgments.Values) if (r >= 1) n++;
        return n;
    }
}
