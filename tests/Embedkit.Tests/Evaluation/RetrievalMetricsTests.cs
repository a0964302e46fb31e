using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class RetrievalMetricsTests
{
    private static readonly IReadOnlyDictionary<string, int> Q1 = RetrievalFixture.Qrels.Of("q1")!;

    [Fact]
    public void Ndcg_UsesGainEqualToRelevance_AndLog2OfRankPlusOne()
    {
        // trec_eval m_ndcg_cut.c (usnistgov/trec_eval, current): DCG = Σ rel_i / log2(i + 1), i the 1-based rank.
        // Ranking relevances 0, 0, 2, 1 → DCG = 2 / log2 4 + 1 / log2 5 = 1.4306765580733931.
        // Ideal: relevant judgments 2, 1, 1 (d9 counts though never retrieved) → 2 + 1 / log2 3 + 1 / log2 4 = 3.1309297535714578.
        // nDCG@10 = 0.4569494273838043. With 2^rel − 1 gains it would be 0.4674 (= 1.9307 / 4.1309).
        Assert.Equal(0.4569494273838043, RetrievalMetrics.Ndcg(RetrievalFixture.Q1Ranked, Q1, 10), 14);
        // Cut at 2: no relevant document in the top 2 → 0.
        Assert.Equal(0, RetrievalMetrics.Ndcg(RetrievalFixture.Q1Ranked, Q1, 2));
    }

    [Fact]
    public void Recall_CountsAllRelevantJudgments_IncludingUnretrievedOnes()
    {
        // Relevant: d1, d2, d9 (d3 has relevance 0, judged non-relevant). Retrieved in the top 100: d1, d2 → 2/3.
        Assert.Equal(2.0 / 3, RetrievalMetrics.Recall(RetrievalFixture.Q1Ranked, Q1, 100), 15);
        Assert.Equal(1.0 / 3, RetrievalMetrics.Recall(RetrievalFixture.Q1Ranked, Q1, 3), 15); // only d1 in the top 3
    }

    [Fact]
    public void ReciprocalRank_IsOneOverTheFirstRelevantRank_WithinTheCutoff()
    {
        // First relevant (d1) at rank 3 → 1/3; with a cutoff of 2 there is none → 0.
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRank(RetrievalFixture.Q1Ranked, Q1, 10), 15);
        Assert.Equal(0, RetrievalMetrics.ReciprocalRank(RetrievalFixture.Q1Ranked, Q1, 2));
    }

    [Fact]
    public void AveragePrecision_DividesByAllRelevantDocuments()
    {
        // trec_eval m_map_cut.c: relevant at rank 3 (1 so far → 1/3) and rank 4 (2 so far → 2/4), over 3 relevant
        // documents → (1/3 + 1/2) / 3 = 0.2777…; cut at 3: (1/3) / 3.
        Assert.Equal((1.0 / 3 + 0.5) / 3, RetrievalMetrics.AveragePrecision(RetrievalFixture.Q1Ranked, Q1, 100), 15);
        Assert.Equal(1.0 / 9, RetrievalMetrics.AveragePrecision(RetrievalFixture.Q1Ranked, Q1, 3), 15);
    }

    [Fact]
    public void Metrics_AreZero_WithoutRelevantJudgments_OrResults()
    {
        var none = new Dictionary<string, int> { ["d1"] = 0 };
        Assert.Equal(0, RetrievalMetrics.Ndcg(["d1"], none, 10));
        Assert.Equal(0, RetrievalMetrics.Recall(["d1"], none, 10));
        Assert.Equal(0, RetrievalMetrics.AveragePrecision(["d1"], none, 10));
        Assert.Equal(0, RetrievalMetrics.Ndcg([], Q1, 10));
        Assert.Equal(0, RetrievalMetrics.Recall([], Q1, 10));
    }

    [Fact]
    public void Ndcg_IsOne_ForTheIdealOrder_WithGradedRelevance()
    {
        // d1 (2) before d2 (1) before d9 (1) is the ideal ranking: nDCG = 1 exactly.
        Assert.Equal(1.0, RetrievalMetrics.Ndcg(["d1", "d2", "d9"], Q1, 10), 15);
    }
}
