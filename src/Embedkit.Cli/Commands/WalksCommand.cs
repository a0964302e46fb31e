using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Embedkit.Cli.Infrastructure;
using Embedkit.Graphs;
using Embedkit.IO;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit walks EDGES -o WALKS [--walks 80] [--walk-length 40] [--p 1] [--q 1]</c></summary>
public sealed class WalksCommand : Command<WalksCommand.Settings>
{
    /// <summary>Settings of <c>walks</c>.</summary>
    public sealed class Settings : GraphInputSettings
    {
        /// <summary>Output path.</summary>
        [CommandOption("-o|--output <WALKS>")]
        [Description("Output text file: one walk per line, node ids separated by spaces (.gz compresses).")]
        public string Output { get; init; } = "";

        /// <summary>Walks per node.</summary>
        [CommandOption("--walks <N>")]
        [Description("Walks started from every node.")]
        [DefaultValue(80)]
        public int Walks { get; init; } = 80;

        /// <summary>Walk length.</summary>
        [CommandOption("--walk-length <L>")]
        [Description("Nodes per walk, the start included.")]
        [DefaultValue(40)]
        public int WalkLength { get; init; } = 40;

        /// <summary>Return parameter.</summary>
        [CommandOption("-p <P>")]
        [Description("node2vec return parameter p.")]
        [DefaultValue(1.0)]
        public double P { get; init; } = 1;

        /// <summary>In-out parameter.</summary>
        [CommandOption("-q <Q>")]
        [Description("node2vec in-out parameter q.")]
        [DefaultValue(1.0)]
        public double Q { get; init; } = 1;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed; the same seed gives the walks 'embed graph --method deepwalk|node2vec' trains on in its first epoch.")]
        [DefaultValue(42UL)]
        public ulong Seed { get; init; } = 42;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Output))
            throw new InvalidInputException("option -o/--output: expected an output file path", field: "--output");
        var options = new RandomWalkOptions
        {
            WalksPerNode = settings.Walks,
            WalkLength = settings.WalkLength,
            ReturnParameter = settings.P,
            InOutParameter = settings.Q,
        };
        options.Validate();
        Parse.RequireOutputFolder(settings.Output, "option -o/--output");
        Parse.RequireDistinct(settings.Edges, settings.Output, "EDGES");
        if (settings.Nodes is not null) Parse.RequireDistinct(settings.Nodes, settings.Output, "--nodes file");
        var clock = Stopwatch.StartNew();
        var graph = settings.LoadGraph(cancellationToken);
        var walker = new RandomWalker(graph, settings.P, settings.Q, settings.Seed);
        AtomicFile.Write(settings.Output, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            walker.WriteWalks(writer, settings.Walks, settings.WalkLength, 0, cancellationToken);
        }, gzip: settings.Output.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
        Ui.Info($"wrote {settings.Output}: {settings.Walks} walks of up to {settings.WalkLength} nodes from each node with an arc ({clock.Elapsed.TotalSeconds:F2} s)");
        return EmbedkitApp.Success;
    }
}
