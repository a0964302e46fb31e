namespace Embedkit.Evaluation;

/// <summary>How <see cref="LinkPredictionEvaluator"/> turns the embeddings of a pair (u, v) into a score; higher means more likely an edge.</summary>
public enum LinkScorer
{
    /// <summary>Logistic regression on the Hadamard product u∘v, trained on the split's training pairs (CLI: <c>hadamard-lr</c>).</summary>
    HadamardLogisticRegression,

    /// <summary>The dot product u·v (CLI: <c>dot</c>).</summary>
    Dot,

    /// <summary>The cosine similarity u·v / (‖u‖‖v‖), 0 when either vector is zero (CLI: <c>cosine</c>).</summary>
    Cosine,
}
