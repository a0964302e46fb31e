namespace Embedkit.Evaluation;

/// <summary>
/// Rank correlations as <c>scipy.stats.spearmanr</c> and <c>pearsonr</c> compute them: Spearman's ρ is Pearson's r of
/// the ranks, tied values sharing the mean of the ranks they span (<c>scipy.stats.rankdata(method="average")</c>).
/// </summary>
public static class Spearman
{
    /// <summary>Spearman's ρ of <paramref name="x"/> and <paramref name="y"/>.</summary>
    /// <exception cref="InvalidInputException">When fewer than 2 pairs are given, a value is NaN, or a side is constant (ρ undefined).</exception>
    public static double Correlation(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>Pearson's r of <paramref name="x"/> and <paramref name="y"/>.</summary>
    /// <exception cref="InvalidInputException">As for <see cref="Correlation"/>.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        double mx = 0, my = 0;
        for (int i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.Length;
        my /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) ThrowHelper.InvalidInput($"the correlation is undefined: the {(sxx == 0 ? "first" : "second")} series is constant", field: sxx == 0 ? "x" : "y");
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>1-based ranks, ties averaged.</summary>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            double rank = (i + 1 + j) / 2.0; // mean of ranks i + 1 .. j
            for (int t = i; t < j; t++) ranks[order[t]] = rank;
            i = j;
        }
        return ranks;
    }

    private static void Check(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x ({x.Length}) and y ({y.Length}) differ in length", nameof(y));
        if (x.Length < 2) ThrowHelper.InvalidInput($"a correlation needs at least 2 pairs, found {x.Length}", field: "x");
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i])) ThrowHelper.InvalidInput($"pair {i + 1} holds NaN; expected numbers", field: double.IsNaN(x[i]) ? "x" : "y");
        }
    }
}
