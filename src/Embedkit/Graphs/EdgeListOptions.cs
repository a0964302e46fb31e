namespace Embedkit.Graphs;

/// <summary>How <see cref="EdgeListReader"/> reads an edge list. Every option has a default.</summary>
public sealed record EdgeListOptions
{
    /// <summary>Read each line as an arc <c>source → target</c>; otherwise as an undirected edge stored as two arcs. Default false.</summary>
    public bool Directed { get; init; }

    /// <summary>Skip the first line that is neither blank nor a comment. Default false.</summary>
    public bool HasHeader { get; init; }

    /// <summary>What to do with an edge <c>v v</c>. Default <see cref="SelfLoopPolicy.Drop"/>.</summary>
    public SelfLoopPolicy SelfLoops { get; init; } = SelfLoopPolicy.Drop;

    /// <summary>What to do with an edge that appears again. Default <see cref="DuplicateEdgePolicy.KeepFirst"/>.</summary>
    public DuplicateEdgePolicy Duplicates { get; init; } = DuplicateEdgePolicy.KeepFirst;

    /// <summary>What to do with nodes that are in no edge. Default <see cref="IsolatedNodePolicy.Keep"/>.</summary>
    public IsolatedNodePolicy Isolated { get; init; } = IsolatedNodePolicy.Keep;

    /// <summary>
    /// Optional node list: one id per line (the first field when a line has tabs), comments and blank
    /// lines skipped. Its ids come first, in file order, and every edge must name ids from it. Default null.
    /// </summary>
    public string? NodesFile { get; init; }

    /// <summary>Throws <see cref="InvalidInputException"/> when an option is out of range.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Enum.IsDefined(SelfLoops), "--self-loops (SelfLoops)", "drop, keep or error", SelfLoops);
        ThrowHelper.RequireOption(Enum.IsDefined(Duplicates), "--duplicates (Duplicates)", "keepfirst, sum or error", Duplicates);
        ThrowHelper.RequireOption(Enum.IsDefined(Isolated), "--isolated (Isolated)", "keep or drop", Isolated);
        ThrowHelper.RequireOption(NodesFile is null || NodesFile.Length > 0, "--nodes (NodesFile)", "null or a path", "an empty string");
    }
}
