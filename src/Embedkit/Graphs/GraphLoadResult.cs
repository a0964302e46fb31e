namespace Embedkit.Graphs;

/// <summary>A graph read by <see cref="EdgeListReader"/>, with what the reader did to it counted.</summary>
public sealed class GraphLoadResult
{
    /// <summary>The graph.</summary>
    public required CsrGraph Graph { get; init; }

    /// <summary>Lines of the edge file, counting comments, blank lines and the header.</summary>
    public required long LinesRead { get; init; }

    /// <summary>Data lines read as edges, counting self-loops and duplicates.</summary>
    public required long EdgesRead { get; init; }

    /// <summary>Self-loops left out (policy <see cref="SelfLoopPolicy.Drop"/>).</summary>
    public required long SelfLoopsDropped { get; init; }

    /// <summary>Self-loops kept as arcs <c>v → v</c> (policy <see cref="SelfLoopPolicy.Keep"/>).</summary>
    public required long SelfLoopsKept { get; init; }

    /// <summary>Repeated edges merged into an earlier one (by keeping the first or by summing).</summary>
    public required long DuplicateEdges { get; init; }

    /// <summary>Nodes in no edge: kept with degree 0, or dropped, per <see cref="EdgeListOptions.Isolated"/>.</summary>
    public required int IsolatedNodes { get; init; }

    /// <summary>Sentences for the user about what was changed or skipped; empty when nothing was.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
