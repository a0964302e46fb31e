using System.Text.Json;
using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class RankingMetricsTests
{
    [Fact]
    public void RocAucAndAveragePrecision_Match_SklearnDocExample()
    {
        // scikit-learn's docstring example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
        // AUC by hand: positive–negative pairs (0.35, 0.1), (0.8, 0.1), (0.8, 0.4) are ordered right and
        // (0.35, 0.4) wrong → 3/4. AP by hand, thresholds 0.8, 0.4, 0.35, 0.1: recall steps 0 → ½ at precision 1
        // (0.8) and ½ → 1 at precision 2/3 (0.35) → ½ + ⅓ = 0.8333… (sklearn prints 0.83…, 0.75).
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        bool[] labels = [false, false, true, true];
        Assert.Equal(0.75, RankingMetrics.RocAuc(scores, labels), 15);
        Assert.Equal(0.5 + 1.0 / 3, RankingMetrics.AveragePrecision(scores, labels), 15);
    }

    [Fact]
    public void Ties_CountHalf_AndEnterTheCurveTogether()
    {
        // Hand-worked: scores [3, 2, 2, 1], labels [1, 1, 0, 0]. AUC: positive 3 beats both negatives (2),
        // positive 2 ties negative 2 (½) and beats negative 1 → (2 + 1.5)/4 = 0.875. AP: threshold 3 gives
        // recall ½ at precision 1; threshold 2 takes the tied pair together: recall 1 at precision 2/3 → ½ + ⅓.
        double[] scores = [3, 2, 2, 1];
        bool[] labels = [true, true, false, false];
        Assert.Equal(0.875, RankingMetrics.RocAuc(scores, labels), 15);
        Assert.Equal(0.5 + 1.0 / 3, RankingMetrics.AveragePrecision(scores, labels), 15);
    }

    [Fact]
    public void AllScoresTied_GiveChance()
    {
        // One threshold: every pair is a tie (AUC ½) and precision at recall 1 is the share of positives.
        double[] scores = [0.5, 0.5, 0.5, 0.5, 0.5];
        bool[] labels = [true, false, true, false, false];
        Assert.Equal(0.5, RankingMetrics.RocAuc(scores, labels), 15);
        Assert.Equal(0.4, RankingMetrics.AveragePrecision(scores, labels), 15);
    }

    [Fact]
    public void PerfectAndReversedRankings()
    {
        // Perfect: AUC 1, AP 1. Reversed [1 (pos), 2 (neg)]: AUC 0; AP = recall 0 → 1 at precision ½ = 0.5.
        Assert.Equal(1.0, RankingMetrics.RocAuc([1, 2, 3, 4], [false, false, true, true]));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([1, 2, 3, 4], [false, false, true, true]));
        Assert.Equal(0.0, RankingMetrics.RocAuc([1, 2], [true, false]));
        Assert.Equal(0.5, RankingMetrics.AveragePrecision([1, 2], [true, false]));
    }

    [Fact]
    public void Infinities_AreOrdinaryScores()
    {
        // −∞ < 0 < +∞: the same ranking as [−1, 0, 1] (constant predictors give infinite decision values).
        bool[] labels = [false, true, true];
        Assert.Equal(RankingMetrics.RocAuc([-1, 0, 1], labels), RankingMetrics.RocAuc([double.NegativeInfinity, 0, double.PositiveInfinity], labels));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([double.NegativeInfinity, 0, double.PositiveInfinity], labels));
    }

    [Fact]
    public void Metrics_DoNotDependOnInputOrder()
    {
        double[] scores = [0.3, 0.3, 0.9, 0.1, 0.5, 0.5, 0.2];
        bool[] labels = [true, false, true, false, false, true, false];
        int[] order = [6, 2, 4, 0, 5, 1, 3];
        double[] s2 = [.. order.Select(i => scores[i])];
        bool[] l2 = [.. order.Select(i => labels[i])];
        Assert.Equal(RankingMetrics.RocAuc(scores, labels), RankingMetrics.RocAuc(s2, l2), 15);
        Assert.Equal(RankingMetrics.AveragePrecision(scores, labels), RankingMetrics.AveragePrecision(s2, l2), 15);
    }

    public static TheoryData<string> SklearnCases() =>
        [.. Reference().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void Metrics_Match_Sklearn(string name)
    {
        // ranking_reference.json: sklearn 1.2.1 roc_auc_score / average_precision_score of seeded random
        // vectors with ties (make_link_prediction_reference.py).
        JsonElement c = Reference().Single(x => x.GetProperty("name").GetString() == name);
        double[] scores = [.. c.GetProperty("scores").EnumerateArray().Select(x => x.GetDouble())];
        bool[] labels = [.. c.GetProperty("labels").EnumerateArray().Select(x => x.GetInt32() == 1)];
        Assert.Equal(c.GetProperty("roc_auc").GetDouble(), RankingMetrics.RocAuc(scores, labels), 1e-9);
        Assert.Equal(c.GetProperty("average_precision").GetDouble(), RankingMetrics.AveragePrecision(scores, labels), 1e-9);
    }

    [Fact]
    public void Refuses_OneClass_NaN_AndLengthMismatch()
    {
        var oneClass = Assert.Throws<InvalidInputException>(() => RankingMetrics.RocAuc([1, 2], [true, true]));
        Assert.Contains("at least one positive and one negative", oneClass.Message);
        Assert.Throws<InvalidInputException>(() => RankingMetrics.AveragePrecision([1, 2], [false, false]));
        var nan = Assert.Throws<InvalidInputException>(() => RankingMetrics.RocAuc([1, double.NaN], [true, false]));
        Assert.Contains("NaN", nan.Message);
        Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([1, 2, 3], [true, false]));
    }

    private static JsonElement[] Reference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(EvaluationFixtures.Dir, "ranking_reference.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone())];
    }
}
