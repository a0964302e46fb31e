using Embedkit.Search;

namespace Embedkit.Evaluation;

/// <summary>
/// Recall of approximate nearest-neighbour search against exact ground truth, as ann-benchmarks defines it
/// (erikbern/ann-benchmarks: plotting/metrics.py, <c>knn</c>): a returned neighbour of a query is a hit when
/// its score is at least as good as the true k-th score within ε = 10⁻³, so a neighbour tied with the k-th
/// counts whichever of the tied ids was returned. Recall@k is the mean over queries of hits / k. Also the
/// plain id-intersection recall, and exact ground truth computed by <see cref="FlatIndex"/>.
/// </summary>
/// <remarks>
/// The scores must be on the same scale on both sides, and exact on the returned side: ann-benchmarks
/// recomputes each returned neighbour's distance from the vectors rather than trusting the index's
/// (compressed) distance. Its <c>-euclidean</c> files store Euclidean distances, the square roots of
/// <see cref="Metric.L2"/> scores.
/// </remarks>
public static class AnnRecall
{
    /// <summary>ann-benchmarks' tolerance on the k-th score.</summary>
    public const float DefaultEpsilon = 1e-3f;

    /// <summary>
    /// ann-benchmarks recall@k: for each query, the number of its first <paramref name="k"/> found scores
    /// that are no worse than its true k-th score ± <paramref name="epsilon"/> (≤ t + ε for distances,
    /// ≥ t − ε for similarities), divided by k, averaged over queries. Non-finite found scores (unfilled
    /// slots) never count.
    /// </summary>
    /// <param name="trueScores">Ground truth, n × <paramref name="trueK"/>, best first.</param>
    /// <param name="trueK">Ground-truth columns per query (at least k).</param>
    /// <param name="foundScores">Exact scores of the returned neighbours, n × <paramref name="foundK"/>, best first.</param>
    /// <param name="foundK">Returned neighbours per query (at least k).</param>
    /// <param name="k">The k of recall@k.</param>
    /// <param name="kind">Whether the scores are distances or similarities.</param>
    /// <param name="epsilon">Tolerance on the k-th score.</param>
    /// <exception cref="InvalidInputException">When k is not in 1..min(trueK, foundK) or the two sides hold different numbers of queries.</exception>
    public static double FromScores(ReadOnlySpan<float> trueScores, int trueK, ReadOnlySpan<float> foundScores, int foundK, int k,
        ScoreKind kind, float epsilon = DefaultEpsilon)
    {
        int n = CheckShapes(trueScores.Length, trueK, foundScores.Length, foundK, k);
        if (n == 0) return 0;
        double total = 0;
        for (int q = 0; q < n; q++)
        {
            float kth = trueScores[q * trueK + k - 1];
            int hits = 0;
            foreach (float s in foundScores.Slice(q * foundK, k))
            {
                if (float.IsFinite(s) && (kind == ScoreKind.Distance ? s <= kth + epsilon : s >= kth - epsilon)) hits++;
            }
            total += (double)hits / k;
        }
        return total / n;
    }

    /// <summary>
    /// Id-intersection recall@k: for each query, how many of its first <paramref name="k"/> found ids are among
    /// its first k true ids, divided by k, averaged over queries. Ids −1 (unfilled) never count. Unlike
    /// <see cref="FromScores"/> this counts a tied neighbour with another id as a miss.
    /// </summary>
    /// <exception cref="InvalidInputException">As for <see cref="FromScores"/>.</exception>
    public static double FromIds(ReadOnlySpan<long> trueIds, int trueK, ReadOnlySpan<long> foundIds, int foundK, int k)
    {
        int n = CheckShapes(trueIds.Length, trueK, foundIds.Length, foundK, k);
        if (n == 0) return 0;
        double total = 0;
        for (int q = 0; q < n; q++)
        {
            ReadOnlySpan<long> truth = trueIds.Slice(q * trueK, k);
            int hits = 0;
            foreach (long id in foundIds.Slice(q * foundK, k))
            {
                if (id != -1 && truth.Contains(id)) hits++;
            }
            total += (double)hits / k;
        }
        return total / n;
    }

    /// <summary>
    /// Exact ground truth: the <paramref name="k"/> nearest base rows of every query by <see cref="FlatIndex"/>,
    /// with ids the row numbers of <paramref name="baseVectors"/> (ties broken by the lower row).
    /// </summary>
    /// <exception cref="InvalidInputException">As for <see cref="FlatIndex.Add"/> and <see cref="FlatIndex.Search"/>.</exception>
    public static Neighbors GroundTruth(ReadOnlySpan<float> baseVectors, ReadOnlySpan<float> queries, int dimension, Metric metric, int k, int threads = 0)
    {
        var index = new FlatIndex(dimension, metric);
        int rows = VectorChecks.QueryCount(baseVectors, dimension);
        var ids = new long[rows];
        for (int i = 0; i < rows; i++) ids[i] = i;
        index.Add(ids, baseVectors);
        return index.Search(queries, k, new SearchParameters { Threads = threads });
    }

    private static int CheckShapes(int trueLength, int trueK, int foundLength, int foundK, int k)
    {
        ThrowHelper.RequireOption(trueK > 0 && foundK > 0, "--k (k)", "positive ground-truth and result widths", $"{trueK} and {foundK}");
        ThrowHelper.RequireOption(k >= 1 && k <= trueK && k <= foundK, "--k (k)",
            $"1..{Math.Min(trueK, foundK)} (the ground truth has {trueK} neighbours per query, the results {foundK})", k);
        if (trueLength % trueK != 0 || foundLength % foundK != 0 || trueLength / trueK != foundLength / foundK)
            ThrowHelper.InvalidInput(
                $"expected ground truth and results for the same queries, found {trueLength} / {trueK} ground-truth rows and {foundLength} / {foundK} result rows",
                field: "queries");
        return trueLength / trueK;
    }
}
