namespace Embedkit.Evaluation;

/// <summary>The result of <see cref="LinkPredictionEvaluator.Evaluate"/>: ROC-AUC and average precision of every scorer and baseline on the same test pairs.</summary>
public sealed record LinkPredictionReport
{
    /// <summary>Logistic regression on Hadamard features, trained on the split's training pairs.</summary>
    public required LinkPredictionScore HadamardLogisticRegression { get; init; }

    /// <summary>Dot product of the two embeddings.</summary>
    public required LinkPredictionScore Dot { get; init; }

    /// <summary>Cosine similarity of the two embeddings.</summary>
    public required LinkPredictionScore Cosine { get; init; }

    /// <summary>Common neighbours on the residual graph (no embedding involved).</summary>
    public required LinkPredictionScore CommonNeighbors { get; init; }

    /// <summary>Jaccard coefficient on the residual graph.</summary>
    public required LinkPredictionScore Jaccard { get; init; }

    /// <summary>Adamic–Adar index on the residual graph.</summary>
    public required LinkPredictionScore AdamicAdar { get; init; }

    /// <summary>Resource allocation index on the residual graph.</summary>
    public required LinkPredictionScore ResourceAllocation { get; init; }

    /// <summary>Test pairs scored: held-out edges plus as many non-edges.</summary>
    public required int TestPairs { get; init; }

    /// <summary>Held-out edges among the test pairs (the positives).</summary>
    public required int TestPositives { get; init; }

    /// <summary>Training pairs of the Hadamard logistic regression.</summary>
    public required int TrainPairs { get; init; }

    /// <summary>The split's requested held-out fraction.</summary>
    public required double HoldoutFraction { get; init; }

    /// <summary>L-BFGS iterations of the Hadamard logistic regression (0 when a training class was empty).</summary>
    public required int HadamardIterations { get; init; }

    /// <summary>Whether the Hadamard logistic regression met its tolerance.</summary>
    public required bool HadamardConverged { get; init; }

    /// <summary>The options used.</summary>
    public required LinkPredictionOptions Options { get; init; }

    /// <summary>Wall time of the evaluation (not of the split).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The score of <paramref name="scorer"/>.</summary>
    public LinkPredictionScore For(LinkScorer scorer) => scorer switch
    {
        LinkScorer.HadamardLogisticRegression => HadamardLogisticRegression,
        LinkScorer.Dot => Dot,
        LinkScorer.Cosine => Cosine,
        _ => throw new ArgumentOutOfRangeException(nameof(scorer), scorer, "unknown scorer"),
    };

    /// <summary>The score of <paramref name="heuristic"/>.</summary>
    public LinkPredictionScore For(LinkHeuristic heuristic) => heuristic switch
    {
        LinkHeuristic.CommonNeighbors => CommonNeighbors,
        LinkHeuristic.Jaccard => Jaccard,
        LinkHeuristic.AdamicAdar => AdamicAdar,
        LinkHeuristic.ResourceAllocation => ResourceAllocation,
        _ => throw new ArgumentOutOfRangeException(nameof(heuristic), heuristic, "unknown heuristic"),
    };
}
