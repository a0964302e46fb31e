namespace Embedkit.Evaluation;

/// <summary>
/// A pair of nodes of a <see cref="LinkPredictionSplit"/>, by node index (<c>U &lt; V</c>) into its
/// <see cref="LinkPredictionSplit.NodeIds"/>, with its label: <see cref="IsEdge"/> true for an edge of the graph
/// (a positive), false for a pair that is not an edge (a negative).
/// </summary>
/// <param name="U">The smaller node index.</param>
/// <param name="V">The larger node index.</param>
/// <param name="IsEdge">True for a positive (an edge), false for a negative (a non-edge).</param>
public readonly record struct NodePair(int U, int V, bool IsEdge);
