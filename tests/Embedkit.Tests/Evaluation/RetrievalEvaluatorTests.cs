using Embedkit.Evaluation;
using Embedkit.Retrieval;

namespace Embedkit.Tests.Evaluation;

public class RetrievalEvaluatorTests
{
    [Fact]
    public void Evaluate_SortsTiesByIdDescending_DropsTheQueryId_AndSkipsQueriesWithoutRelevant()
    {
        // RetrievalFixture: q1 scores nDCG@10 0.4569494273838043, Recall@100 2/3, MRR@10 1/3, MAP@100 (1/3 + 1/2)/3
        // (see RetrievalMetricsTests); q2 has no relevant judgment → skipped; q3 has no run → 0 on every metric.
        // Means over q1 and q3: halves of q1's values.
        var report = RetrievalEvaluator.Evaluate(RetrievalFixture.Qrels, RetrievalFixture.Run);
        Assert.Equal(2, report.Queries);
        Assert.Equal(1, report.QueriesWithoutRelevant);
        Assert.Equal(1, report.QueriesWithoutResults);
        Assert.Equal(0.4569494273838043 / 2, report.NdcgAt10, 14);
        Assert.Equal(1.0 / 3, report.RecallAt100, 15);
        Assert.Equal(1.0 / 6, report.MrrAt10, 15);
        Assert.Equal((1.0 / 3 + 0.5) / 6, report.MapAt100, 15);
        Assert.Equal(["q1", "q3"], report.PerQuery.Select(m => m.Query));
        Assert.Equal(4, report.PerQuery[0].Retrieved); // q1's own id was dropped
    }

    [Fact]
    public void Evaluate_KeepsTheQueryId_WhenAsked()
    {
        // With q1 kept at rank 1 (score 9), d1 moves to rank 4: DCG = 2 / log2 5 + 1 / log2 6; ideal as before
        // (3.1309297535714578) → MRR 1/4 and nDCG (0.8613531161467861 + 0.3868528072345416) / 3.1309297535714578.
        var report = RetrievalEvaluator.Evaluate(RetrievalFixture.Qrels, RetrievalFixture.Run, new RetrievalEvaluationOptions { IgnoreIdenticalIds = false });
        var q1 = report.PerQuery[0];
        Assert.Equal(0.25, q1.MrrAt10, 15);
        Assert.Equal((2 / Math.Log2(5) + 1 / Math.Log2(6)) / (2 + 1 / Math.Log2(3) + 0.5), q1.NdcgAt10, 14);
    }

    [Fact]
    public void Evaluate_Rejects_ARunThatRepeatsADocument_OrScoresNaN()
    {
        var qrels = Qrels.From([("q", "d", 1)]);
        var e = Assert.Throws<InvalidInputException>(() => RetrievalEvaluator.Evaluate(qrels,
            new Dictionary<string, IReadOnlyList<ScoredId>> { ["q"] = [new("d", 1), new("d", 2)] }));
        Assert.Contains("holds document 'd' twice", e.Message);
        e = Assert.Throws<InvalidInputException>(() => RetrievalEvaluator.Evaluate(qrels,
            new Dictionary<string, IReadOnlyList<ScoredId>> { ["q"] = [new("d", double.NaN)] }));
        Assert.Contains("NaN", e.Message);
    }
}
