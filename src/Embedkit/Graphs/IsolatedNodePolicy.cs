namespace Embedkit.Graphs;

/// <summary>
/// What an edge-list reader does with nodes that end up in no edge: nodes of a node list that no edge
/// names, or nodes named only by a dropped self-loop.
/// </summary>
public enum IsolatedNodePolicy
{
    /// <summary>Keep them as nodes of degree 0 (the default: rows stay aligned with the node list).</summary>
    Keep,

    /// <summary>Leave them out of the graph; the remaining nodes keep their relative order.</summary>
    Drop,
}
