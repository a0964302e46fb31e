using Embedkit.Evaluation;
using Embedkit.Tests.Text;

namespace Embedkit.Tests.Evaluation;

public class StsEvaluatorTests
{
    [Fact]
    public void Evaluate_CorrelatesCosineWithGold_ByHand()
    {
        // Bag-of-words cosines (no collisions, checked): 3/3 = 1; 2/3; 1/2; 0; 2/√(4·2) = 0.7071.
        // Cosine ranks [5, 3, 2, 1, 4], gold ranks [5, 4, 2, 1, 3] → Σd² = 2 → ρ = 1 − 12/120 = 0.9
        // (scipy.stats.spearmanr agrees: 0.8999999999999998; pearsonr gives 0.9837729602075853).
        StsPair[] pairs =
        [
            new("a cat sat", "a cat sat", 5.0),
            new("the dog ran", "the dog slept", 3.5),
            new("red car", "red bus", 2.5),
            new("blue sky", "green grass", 0.5),
            new("one two three four", "one two", 3.0),
        ];
        var encoder = new HashingTestEncoder();
        encoder.RequireNoCollisions(pairs.SelectMany(p => new[] { p.Sentence1, p.Sentence2 }).ToArray());
        var report = StsEvaluator.Evaluate(encoder, pairs, batchSize: 2);
        Assert.Equal(0.9, report.Spearman, 12);
        Assert.Equal(0.9837729602075853, report.Pearson, 6); // float32 vectors: cosines good to ~1e-7
        Assert.Equal(5, report.Pairs);
    }

    [Fact]
    public void Evaluate_EmptySentence_HasCosineZero_NotNaN()
    {
        // "" encodes to the zero vector: cosine 0 by definition, so the ranking is [1, 0, 0.5] against gold [3, 1, 2] → ρ = 1.
        StsPair[] pairs = [new("x y", "x y", 3), new("", "x", 1), new("p q", "p r", 2)];
        var report = StsEvaluator.Evaluate(new HashingTestEncoder(), pairs);
        Assert.Equal(1.0, report.Spearman, 12);
    }

    [Fact]
    public void Evaluate_Rejects_ConstantSimilarities_AndConstantGold()
    {
        // Every pair identical → every cosine 1: Spearman is undefined, and the message says why.
        var e = Assert.Throws<InvalidInputException>(() => StsEvaluator.Evaluate(new HashingTestEncoder(), [new("a", "a", 1), new("b", "b", 2)]));
        Assert.Contains("same cosine similarity", e.Message);
        e = Assert.Throws<InvalidInputException>(() => StsEvaluator.Evaluate(new HashingTestEncoder(), [new("a", "a", 1), new("b", "c", 1)]));
        Assert.Contains("same gold score", e.Message);
    }
}
