namespace Embedkit.Evaluation;

/// <summary>
/// F1 scores of multi-label predictions from per-label counts, exactly as scikit-learn's
/// <c>f1_score(average='micro' | 'macro')</c> on binary indicator matrices: precision and recall are 0 when
/// their denominator is 0 (sklearn's <c>zero_division</c> default), and F1 = 2PR/(P+R), or 0 when P+R = 0.
/// Macro averages over every label given (the columns of the indicator matrix), including labels with no
/// true and no predicted row, which count as F1 = 0.
/// </summary>
public static class F1Score
{
    /// <summary>
    /// Adds the per-label true-positive, false-positive and false-negative counts of row-major
    /// <c>rows × labelCount</c> indicator matrices to <paramref name="truePositives"/>,
    /// <paramref name="falsePositives"/> and <paramref name="falseNegatives"/> (each of length labelCount).
    /// </summary>
    public static void Count(ReadOnlySpan<bool> truth, ReadOnlySpan<bool> predicted, int labelCount,
        Span<long> truePositives, Span<long> falsePositives, Span<long> falseNegatives)
    {
        if (labelCount <= 0) throw new ArgumentOutOfRangeException(nameof(labelCount), labelCount, "labelCount must be positive");
        if (truth.Length != predicted.Length || truth.Length % labelCount != 0)
            throw new ArgumentException($"truth ({truth.Length}) and predicted ({predicted.Length}) must both be rows × {labelCount}");
        CheckCounts(labelCount, truePositives, falsePositives, falseNegatives);
        for (int t = 0; t < truth.Length; t++)
        {
            int l = t % labelCount;
            bool y = truth[t], p = predicted[t];
            if (y && p) truePositives[l]++;
            else if (p) falsePositives[l]++;
            else if (y) falseNegatives[l]++;
        }
    }

    /// <summary>F1 of one label (or of pooled counts): 2PR/(P+R), 0 when undefined.</summary>
    public static double FromCounts(long truePositives, long falsePositives, long falseNegatives)
    {
        double precision = truePositives + falsePositives == 0 ? 0 : (double)truePositives / (truePositives + falsePositives);
        double recall = truePositives + falseNegatives == 0 ? 0 : (double)truePositives / (truePositives + falseNegatives);
        double denom = precision + recall;
        return denom == 0 ? 0 : 2 * precision * recall / denom;
    }

    /// <summary>Micro-F1: F1 of the counts summed over labels.</summary>
    public static double Micro(ReadOnlySpan<long> truePositives, ReadOnlySpan<long> falsePositives, ReadOnlySpan<long> falseNegatives)
    {
        CheckCounts(truePositives.Length, truePositives, falsePositives, falseNegatives);
        long tp = 0, fp = 0, fn = 0;
        for (int l = 0; l < truePositives.Length; l++) { tp += truePositives[l]; fp += falsePositives[l]; fn += falseNegatives[l]; }
        return FromCounts(tp, fp, fn);
    }

    /// <summary>Macro-F1: the unweighted mean of the per-label F1 over all labels given.</summary>
    public static double Macro(ReadOnlySpan<long> truePositives, ReadOnlySpan<long> falsePositives, ReadOnlySpan<long> falseNegatives)
    {
        CheckCounts(truePositives.Length, truePositives, falsePositives, falseNegatives);
        if (truePositives.Length == 0) return 0;
        double sum = 0;
        for (int l = 0; l < truePositives.Length; l++) sum += FromCounts(truePositives[l], falsePositives[l], falseNegatives[l]);
        return sum / truePositives.Length;
    }

    private static void CheckCounts(int labelCount, ReadOnlySpan<long> tp, ReadOnlySpan<long> fp, ReadOnlySpan<long> fn)
    {
        if (tp.Length != labelCount || fp.Length != labelCount || fn.Length != labelCount)
            throw new ArgumentException($"count spans must all have length {labelCount} (found {tp.Length}, {fp.Length}, {fn.Length})");
    }
}
