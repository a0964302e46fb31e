using System.ComponentModel;
using Embedkit.Graphs;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary>Options shared by every command that reads an edge list: the required EDGES argument and the reader options of <see cref="GraphReadSettings"/>.</summary>
public class GraphInputSettings : GraphReadSettings
{
    /// <summary>Edge list path.</summary>
    [CommandArgument(0, "<EDGES>")]
    [Description("Edge list: 'source target [[weight]]' per line, tab/space/comma separated, # or % comments, .gz allowed.")]
    public string Edges { get; init; } = "";

    /// <summary>Reads the graph, printing the reader's warnings to stderr.</summary>
    public CsrGraph LoadGraph(CancellationToken cancellationToken) => LoadGraph(Edges, cancellationToken);
}
