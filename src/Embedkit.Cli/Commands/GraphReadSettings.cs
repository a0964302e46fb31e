using System.ComponentModel;
using Embedkit.Graphs;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary>
/// How an edge list is read (every option of <see cref="EdgeListOptions"/>), without the EDGES argument itself:
/// <see cref="GraphInputSettings"/> adds it as a required argument; a command where it is optional
/// (<c>eval link-prediction</c>) declares its own.
/// </summary>
public class GraphReadSettings : CommandSettings
{
    /// <summary>Read arcs as directed.</summary>
    [CommandOption("--directed")]
    [Description("Treat each line as a directed arc (default: undirected edges).")]
    public bool Directed { get; init; }

    /// <summary>Optional node list.</summary>
    [CommandOption("--nodes <FILE>")]
    [Description("Node list, one id per line: keeps isolated nodes and checks that edges name known nodes.")]
    public string? Nodes { get; init; }

    /// <summary>Skip a header line.</summary>
    [CommandOption("--header")]
    [Description("The first non-comment line of the edge list is a header.")]
    public bool Header { get; init; }

    /// <summary>Self-loop policy.</summary>
    [CommandOption("--self-loops <POLICY>")]
    [Description("drop (default), keep, or error.")]
    [DefaultValue("drop")]
    public SelfLoopPolicy SelfLoops { get; init; } = SelfLoopPolicy.Drop;

    /// <summary>Duplicate-edge policy.</summary>
    [CommandOption("--duplicates <POLICY>")]
    [Description("keepfirst (default), sum (add weights), or error.")]
    [DefaultValue("keepfirst")]
    public DuplicateEdgePolicy Duplicates { get; init; } = DuplicateEdgePolicy.KeepFirst;

    /// <summary>Isolated-node policy.</summary>
    [CommandOption("--isolated <POLICY>")]
    [Description("keep (default) or drop nodes of the node list that have no edge.")]
    [DefaultValue("keep")]
    public IsolatedNodePolicy Isolated { get; init; } = IsolatedNodePolicy.Keep;

    /// <summary>The reader options these settings describe.</summary>
    public EdgeListOptions ToEdgeListOptions() => new()
    {
        Directed = Directed,
        HasHeader = Header,
        SelfLoops = SelfLoops,
        Duplicates = Duplicates,
        Isolated = Isolated,
        NodesFile = Nodes,
    };

    /// <summary>Reads the graph at <paramref name="edges"/>, printing the reader's warnings to stderr.</summary>
    public CsrGraph LoadGraph(string edges, CancellationToken cancellationToken)
    {
        Infrastructure.Parse.RequireFile(edges, "EDGES");
        if (Nodes is not null) Infrastructure.Parse.RequireFile(Nodes, "--nodes");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loaded = EdgeListReader.Read(edges, ToEdgeListOptions(), cancellationToken);
        foreach (string warning in loaded.Warnings) Infrastructure.Ui.Warn($"{edges}: {warning}");
        Infrastructure.Ui.Info($"read {edges}: {loaded.Graph.NodeCount:N0} nodes, {loaded.Graph.ArcCount:N0} arcs ({(loaded.Graph.Directed ? "directed" : "undirected")}) in {clock.Elapsed.TotalSeconds:F2} s");
        return loaded.Graph;
    }
}
