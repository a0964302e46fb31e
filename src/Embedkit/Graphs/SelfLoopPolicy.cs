namespace Embedkit.Graphs;

/// <summary>What an edge-list reader does with a self-loop (an edge <c>v v</c>).</summary>
public enum SelfLoopPolicy
{
    /// <summary>Skip the line and count it (the default: most graph embeddings ignore self-loops).</summary>
    Drop,

    /// <summary>Keep the loop as one arc <c>v → v</c> (also in an undirected graph).</summary>
    Keep,

    /// <summary>Reject the file, naming the line.</summary>
    Error,
}
