using Embedkit.Retrieval;

namespace Embedkit.Tests.Retrieval;

public class HybridFusionTests
{
    private static readonly ScoredId[] Lexical = [new("x", 3.0), new("y", 2.0), new("z", 1.0)];
    private static readonly ScoredId[] Dense = [new("y", 0.9), new("w", 0.5)];

    [Fact]
    public void ReciprocalRank_SumsOneOverKPlusRank()
    {
        // k = 60: y = 1/62 + 1/61 = 0.032522…, x = 1/61, w = 1/62, z = 1/63.
        var fused = HybridFusion.ReciprocalRank([Lexical, Dense], depth: 10);
        Assert.Equal(["y", "x", "w", "z"], fused.Select(h => h.Id));
        Assert.Equal(1.0 / 62 + 1.0 / 61, fused[0].Score, 15);
        Assert.Equal(1.0 / 63, fused[3].Score, 15);
        Assert.Equal(["y", "x"], HybridFusion.ReciprocalRank([Lexical, Dense], depth: 2).Select(h => h.Id));
    }

    [Fact]
    public void ReciprocalRank_RanksTiesByIdDescending_AndTakesItsK()
    {
        // In a run where a and b tie, trec_eval's order puts b first: b gets 1/(k + 1), a 1/(k + 2). With k = 0: 1 and 1/2.
        var fused = HybridFusion.ReciprocalRank([[new("a", 1.0), new("b", 1.0)]], depth: 10, k: 0);
        Assert.Equal([new ScoredId("b", 1.0), new ScoredId("a", 0.5)], fused);
    }

    [Fact]
    public void NormalizedScore_MinMaxesEachRun_MissingScoresZero()
    {
        // Lexical → x 1, y 0.5, z 0; dense → y 1, w 0. Weight 0.3 on the first (dense) run:
        // y = 0.3·1 + 0.7·0.5 = 0.65, x = 0.7, w = 0, z = 0 (tie: z before w, ids descending).
        var fused = HybridFusion.NormalizedScore(Dense, Lexical, depth: 10, weight: 0.3);
        Assert.Equal(["x", "y", "z", "w"], fused.Select(h => h.Id));
        Assert.Equal(0.7, fused[0].Score, 15);
        Assert.Equal(0.65, fused[1].Score, 15);
    }

    [Fact]
    public void NormalizedScore_ConstantRun_NormalisesToOne_AndEmptyRunAddsNothing()
    {
        var fused = HybridFusion.NormalizedScore([new("a", 2.0), new("b", 2.0)], [], depth: 10, weight: 0.5);
        Assert.Equal([new ScoredId("b", 0.5), new ScoredId("a", 0.5)], fused);
    }

    [Fact]
    public void Fusion_Rejects_BadWeight_AndNonFiniteScores()
    {
        Assert.Throws<InvalidInputException>(() => HybridFusion.NormalizedScore(Dense, Lexical, 10, weight: 1.5));
        Assert.Throws<InvalidInputException>(() => HybridFusion.NormalizedScore([new("a", double.PositiveInfinity)], Lexical, 10));
        Assert.Throws<InvalidInputException>(() => HybridFusion.ReciprocalRank([Lexical], 10, k: -1));
    }
}
