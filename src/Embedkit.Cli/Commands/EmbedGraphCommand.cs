using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Embedkit.Cli.Infrastructure;
using Embedkit.Graphs;
using Embedkit.IO;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit embed graph EDGES -o OUT --method fastrp ...</c></summary>
public sealed class EmbedGraphCommand : Command<EmbedGraphCommand.Settings>
{
    /// <summary>Settings of <c>embed graph</c>.</summary>
    public sealed class Settings : GraphInputSettings
    {
        /// <summary>Output path.</summary>
        [CommandOption("-o|--output <OUT>")]
        [Description("Output embeddings file; format by extension (.ekv, .npy, .bin, .txt/.vec, .tsv).")]
        public string Output { get; init; } = "";

        /// <summary>Encoder.</summary>
        [CommandOption("--method <METHOD>")]
        [Description("Graph encoder: fastrp.")]
        [DefaultValue("fastrp")]
        public string Method { get; init; } = "fastrp";

        /// <summary>Dimension.</summary>
        [CommandOption("--dim <D>")]
        [Description("Embedding dimension (GDS: embeddingDimension).")]
        [DefaultValue(128)]
        public int Dimension { get; init; } = 128;

        /// <summary>Hop weights.</summary>
        [CommandOption("--iteration-weights <W>")]
        [Description("Comma-separated weight per hop, hop 1 first (GDS: iterationWeights).")]
        [DefaultValue("0,0,1,6.67")]
        public string IterationWeights { get; init; } = "0,0,1,6.67";

        /// <summary>β.</summary>
        [CommandOption("--beta <BETA>")]
        [Description("Degree normalisation strength β: random vectors scaled by degree^β (GDS: normalizationStrength).")]
        [DefaultValue(-0.64)]
        public double Beta { get; init; } = -0.64;

        /// <summary>Projection density.</summary>
        [CommandOption("--density <S>")]
        [Description("Share of non-zero projection entries: auto (1/sqrt(n), the reference), gds (1/3), or a number in (0,1]].")]
        [DefaultValue("auto")]
        public string Density { get; init; } = "auto";

        /// <summary>Turn off per-hop row normalisation.</summary>
        [CommandOption("--no-hop-normalization")]
        [Description("Do not L2-normalise each hop's rows before the weighted sum.")]
        public bool NoHopNormalization { get; init; }

        /// <summary>Final normalisation.</summary>
        [CommandOption("--normalization <MODE>")]
        [Description("Final normalisation: standardize (columns, the reference), l2 (rows), or none (GDS).")]
        [DefaultValue("standardize")]
        public FastRPFinalNormalization Normalization { get; init; } = FastRPFinalNormalization.Standardize;

        /// <summary>Self influence.</summary>
        [CommandOption("--self-influence <W>")]
        [Description("Weight of a node's own random vector (GDS: nodeSelfInfluence).")]
        [DefaultValue(0.0)]
        public double SelfInfluence { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed of every random choice.")]
        [DefaultValue(42UL)]
        public ulong Seed { get; init; } = 42;

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores. The output is the same for any count.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>The FastRP options these settings describe.</summary>
        public FastRPOptions ToFastRPOptions() => new()
        {
            Dimension = Dimension,
            IterationWeights = Parse.DoubleList(IterationWeights, "option --iteration-weights", "0,0,1,6.67"),
            NormalizationStrength = Beta,
            ProjectionDensity = ParseDensity(Density),
            NormalizeHops = !NoHopNormalization,
            FinalNormalization = Normalization,
            NodeSelfInfluence = SelfInfluence,
            Seed = Seed,
            Threads = Threads,
        };

        private static double? ParseDensity(string text) => text.ToLowerInvariant() switch
        {
            "auto" => null,
            "gds" => 1.0 / 3,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
            _ => throw new InvalidInputException($"option --density: expected auto, gds or a number in (0,1], found '{text}'", field: "--density"),
        };
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Output))
            throw new InvalidInputException("option -o/--output: expected an output file path", field: "--output");
        if (!string.Equals(settings.Method, "fastrp", StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"option --method: expected fastrp, found '{settings.Method}'", field: "--method");
        var options = settings.ToFastRPOptions();
        options.Validate();
        Parse.RequireOutputFolder(settings.Output, "option -o/--output");
        EmbeddingFormats.Detect(settings.Output);

        var clock = Stopwatch.StartNew();
        var graph = settings.LoadGraph(cancellationToken);
        var embedClock = Stopwatch.StartNew();
        var set = ProgressRunner.Run("fastrp", progress => FastRP.Embed(graph, options, progress, cancellationToken, settings.Edges));
        Ui.Info($"fastrp d={set.Dimension}: {embedClock.Elapsed.TotalSeconds:F2} s");
        EmbeddingFormats.Write(settings.Output, set);
        Ui.Info($"wrote {settings.Output}: {set.Count:N0} × {set.Dimension} ({clock.Elapsed.TotalSeconds:F2} s in all)");
        return EmbedkitApp.Success;
    }
}
