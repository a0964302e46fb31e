namespace Embedkit.Evaluation;

/// <summary>
/// Ranking metrics of binary scores (higher score = more likely positive), exactly as scikit-learn defines them:
/// <list type="bullet">
/// <item><see cref="RocAuc"/>: <c>roc_auc_score</c>, the probability that a random positive scores above a random
/// negative, a tie counting ½ (the Mann–Whitney U statistic divided by P·N; the same as the trapezoidal area
/// under the ROC curve drawn through the distinct thresholds);</item>
/// <item><see cref="AveragePrecision"/>: <c>average_precision_score</c>, Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct
/// score thresholds in decreasing order, Pₙ and Rₙ being the precision and recall of "score ≥ threshold n"
/// (no interpolation; tied scores enter together).</item>
/// </list>
/// Both need at least one positive and one negative; NaN scores are refused, infinities are allowed.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Area under the ROC curve of <paramref name="scores"/> against <paramref name="labels"/> (true = positive).</summary>
    /// <exception cref="InvalidInputException">When a score is NaN, or the labels are all of one class.</exception>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var (keys, items, positives, negatives) = Sorted(scores, labels);
        return RocAucSorted(keys, items, positives, negatives);
    }

    /// <summary>Average precision of <paramref name="scores"/> against <paramref name="labels"/> (true = positive).</summary>
    /// <exception cref="InvalidInputException">When a score is NaN, or the labels are all of one class.</exception>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var (keys, items, positives, _) = Sorted(scores, labels);
        return AveragePrecisionSorted(keys, items, positives);
    }

    /// <summary>Both metrics with one sort.</summary>
    internal static LinkPredictionScore Both(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var (keys, items, positives, negatives) = Sorted(scores, labels);
        return new LinkPredictionScore(RocAucSorted(keys, items, positives, negatives), AveragePrecisionSorted(keys, items, positives));
    }

    private static (double[] Keys, bool[] Items, long Positives, long Negatives) Sorted(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"scores ({scores.Length}) and labels ({labels.Length}) differ in length", nameof(labels));
        long positives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i])) ThrowHelper.InvalidInput($"score {i} is NaN; expected a number", field: nameof(scores));
            if (labels[i]) positives++;
        }
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
            ThrowHelper.InvalidInput($"ranking metrics need at least one positive and one negative; found {positives} positives and {negatives} negatives", field: nameof(labels));
        double[] keys = scores.ToArray();
        bool[] items = labels.ToArray();
        Array.Sort(keys, items); // ascending; the order within a run of equal scores does not matter below
        return (keys, items, positives, negatives);
    }

    /// <summary>Σ over tie groups of p·(2·negatives below + n), over 2·P·N: each positive–negative pair counts 1, a tie ½.</summary>
    private static double RocAucSorted(double[] keys, bool[] items, long positives, long negatives)
    {
        Int128 twiceU = 0;
        long negativesBelow = 0;
        for (int i = 0; i < keys.Length;)
        {
            int j = i;
            long p = 0;
            while (j < keys.Length && keys[j] == keys[i]) { if (items[j]) p++; j++; }
            long n = j - i - p;
            twiceU += (Int128)p * (2 * negativesBelow + n);
            negativesBelow += n;
            i = j;
        }
        return (double)twiceU / (2.0 * positives * negatives);
    }

    /// <summary>From the highest threshold down: each group of equal scores adds (its positives / P) × precision at it.</summary>
    private static double AveragePrecisionSorted(double[] keys, bool[] items, long positives)
    {
        double sum = 0;
        long tp = 0, fp = 0;
        for (int j = keys.Length; j > 0;)
        {
            int i = j - 1;
            while (i > 0 && keys[i - 1] == keys[j - 1]) i--;
            long p = 0;
            for (int k = i; k < j; k++) if (items[k]) p++;
            tp += p;
            fp += j - i - p;
            if (p > 0) sum += (double)p / positives * ((double)tp / (tp + fp));
            j = i;
        }
        return sum;
    }
}
