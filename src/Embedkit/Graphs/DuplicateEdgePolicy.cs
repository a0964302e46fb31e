namespace Embedkit.Graphs;

/// <summary>
/// What an edge-list reader does when the same edge appears more than once. In an undirected graph
/// <c>u v</c> and <c>v u</c> are the same edge.
/// </summary>
public enum DuplicateEdgePolicy
{
    /// <summary>Keep the first occurrence in file order (with its weight) and count the rest.</summary>
    KeepFirst,

    /// <summary>
    /// Merge the occurrences into one edge whose weight is the sum of their weights. In an unweighted
    /// file every weight is 1 and the graph stays unweighted, so this merges like <see cref="KeepFirst"/>.
    /// </summary>
    Sum,

    /// <summary>Reject the file, naming the line of the second occurrence.</summary>
    Error,
}
