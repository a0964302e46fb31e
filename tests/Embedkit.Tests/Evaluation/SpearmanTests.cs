using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class SpearmanTests
{
    [Fact]
    public void Correlation_MatchesScipy_WithTies()
    {
        // scipy.stats.spearmanr([1,2,2,3,5,4,4,7], [2,1,4,4,6,3,5,8]).statistic = 0.8303182796309342 (scipy 1.x here).
        double[] x = [1, 2, 2, 3, 5, 4, 4, 7], y = [2, 1, 4, 4, 6, 3, 5, 8];
        Assert.Equal(0.8303182796309342, Spearman.Correlation(x, y), 14);
    }

    [Fact]
    public void Ranks_AverageTies()
    {
        // scipy.stats.rankdata([10, 20, 20, 5, 20]) = [2, 4, 4, 1, 4]: the three 20s share ranks 3..5.
        Assert.Equal([2, 4, 4, 1, 4], Spearman.Ranks([10, 20, 20, 5, 20]));
    }

    [Fact]
    public void Correlation_WithoutTies_IsTheTextbookFormula()
    {
        // ranks [5,3,2,1,4] against [5,4,2,1,3]: Σd² = 2 → ρ = 1 − 6·2 / (5·24) = 0.9.
        Assert.Equal(0.9, Spearman.Correlation([5, 3, 2, 1, 4], [5, 4, 2, 1, 3]), 14);
        Assert.Equal(-1.0, Spearman.Correlation([1, 2, 3], [30, 20, 10]), 14);
    }

    [Fact]
    public void Correlation_Rejects_ConstantInput_NaN_AndTooFewPairs()
    {
        Assert.Contains("constant", Assert.Throws<InvalidInputException>(() => Spearman.Correlation([1, 1, 1], [1, 2, 3])).Message);
        Assert.Contains("NaN", Assert.Throws<InvalidInputException>(() => Spearman.Correlation([1, double.NaN], [1, 2])).Message);
        Assert.Contains("at least 2", Assert.Throws<InvalidInputException>(() => Spearman.Correlation([1], [1])).Message);
    }
}
