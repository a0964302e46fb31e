using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Embedkit.Cli.Infrastructure;
using Embedkit.Graphs;
using Embedkit.IO;
using Embedkit.SkipGram;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit embed graph EDGES -o OUT --method fastrp|deepwalk|node2vec|line ...</c></summary>
public sealed class EmbedGraphCommand : Command<EmbedGraphCommand.Settings>
{
    /// <summary>Settings of <c>embed graph</c>. Method-specific options are null unless given, so that one given to the wrong method is an error.</summary>
    public sealed class Settings : GraphInputSettings
    {
        /// <summary>Output path.</summary>
        [CommandOption("-o|--output <OUT>")]
        [Description("Output embeddings file; format by extension (.ekv, .npy, .bin, .txt/.vec, .tsv).")]
        public string Output { get; init; } = "";

        /// <summary>Encoder.</summary>
        [CommandOption("--method <METHOD>")]
        [Description("Graph encoder: fastrp, deepwalk, node2vec or line.")]
        [DefaultValue("fastrp")]
        public string Method { get; init; } = "fastrp";

        /// <summary>Dimension.</summary>
        [CommandOption("--dim <D>")]
        [Description("Embedding dimension (GDS: embeddingDimension).")]
        [DefaultValue(128)]
        public int Dimension { get; init; } = 128;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed of every random choice.")]
        [DefaultValue(42UL)]
        public ulong Seed { get; init; } = 42;

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores. FastRP's output is the same for any count; skip-gram's is the same for a given count.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>Hop weights.</summary>
        [CommandOption("--iteration-weights <W>")]
        [Description("fastrp: comma-separated weight per hop, hop 1 first (GDS: iterationWeights; default 0,0,1,6.67).")]
        public string? IterationWeights { get; init; }

        /// <summary>β.</summary>
        [CommandOption("--beta <BETA>")]
        [Description("fastrp: degree normalisation strength β, random vectors scaled by degree^β (GDS: normalizationStrength; default -0.64).")]
        public double? Beta { get; init; }

        /// <summary>Projection density.</summary>
        [CommandOption("--density <S>")]
        [Description("fastrp: share of non-zero projection entries: auto (1/sqrt(n), the reference; default), gds (1/3), or a number in (0,1]].")]
        public string? Density { get; init; }

        /// <summary>Turn off per-hop row normalisation.</summary>
        [CommandOption("--no-hop-normalization")]
        [Description("fastrp: do not L2-normalise each hop's rows before the weighted sum.")]
        public bool? NoHopNormalization { get; init; }

        /// <summary>Final normalisation.</summary>
        [CommandOption("--normalization <MODE>")]
        [Description("fastrp: final normalisation: standardize (columns, the reference; default), l2 (rows), or none (GDS).")]
        public FastRPFinalNormalization? Normalization { get; init; }

        /// <summary>Self influence.</summary>
        [CommandOption("--self-influence <W>")]
        [Description("fastrp: weight of a node's own random vector (GDS: nodeSelfInfluence; default 0).")]
        public double? SelfInfluence { get; init; }

        /// <summary>Walks per node.</summary>
        [CommandOption("--walks <N>")]
        [Description("deepwalk, node2vec: walks started from every node per epoch (default 80).")]
        public int? Walks { get; init; }

        /// <summary>Walk length.</summary>
        [CommandOption("--walk-length <L>")]
        [Description("deepwalk, node2vec: nodes per walk, the start included (default 40).")]
        public int? WalkLength { get; init; }

        /// <summary>Return parameter.</summary>
        [CommandOption("-p <P>")]
        [Description("node2vec: return parameter p; a step back is weighted 1/p (default 1).")]
        public double? P { get; init; }

        /// <summary>In-out parameter.</summary>
        [CommandOption("-q <Q>")]
        [Description("node2vec: in-out parameter q; a step away from the previous node's neighbourhood is weighted 1/q (default 1).")]
        public double? Q { get; init; }

        /// <summary>Window.</summary>
        [CommandOption("--window <W>")]
        [Description("deepwalk, node2vec: skip-gram window; each token draws its own from 1..W (default 10).")]
        public int? Window { get; init; }

        /// <summary>Negatives.</summary>
        [CommandOption("--negatives <K>")]
        [Description("deepwalk, node2vec, line: negative samples per positive pair (default 5).")]
        public int? Negatives { get; init; }

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <E>")]
        [Description("deepwalk, node2vec, line: training passes; walk methods sample fresh walks in each (default 1).")]
        public int? Epochs { get; init; }

        /// <summary>Learning rate.</summary>
        [CommandOption("--learning-rate <A>")]
        [Description("deepwalk, node2vec, line: initial learning rate, decaying linearly to 0.0001 (default 0.025).")]
        public double? LearningRate { get; init; }

        /// <summary>Sub-sampling.</summary>
        [CommandOption("--sample <T>")]
        [Description("deepwalk, node2vec: sub-sampling threshold of frequent nodes, as word2vec's -sample (default 0: off).")]
        public double? Subsample { get; init; }

        /// <summary>LINE order.</summary>
        [CommandOption("--order <O>")]
        [Description("line: proximity order, 1 or 2 (default 2).")]
        public int? Order { get; init; }

        /// <summary>LINE samples.</summary>
        [CommandOption("--samples <N>")]
        [Description("line: edge samples per epoch (default 100 per arc).")]
        public long? Samples { get; init; }

        /// <summary>The FastRP options these settings describe.</summary>
        public FastRPOptions ToFastRPOptions()
        {
            var defaults = new FastRPOptions();
            return new FastRPOptions
            {
                Dimension = Dimension,
                IterationWeights = IterationWeights is null ? defaults.IterationWeights
                    : Parse.DoubleList(IterationWeights, "option --iteration-weights", "0,0,1,6.67"),
                NormalizationStrength = Beta ?? defaults.NormalizationStrength,
                ProjectionDensity = ParseDensity(Density ?? "auto"),
                NormalizeHops = NoHopNormalization != true,
                FinalNormalization = Normalization ?? defaults.FinalNormalization,
                NodeSelfInfluence = SelfInfluence ?? defaults.NodeSelfInfluence,
                Seed = Seed,
                Threads = Threads,
            };
        }

        /// <summary>The skip-gram options these settings describe.</summary>
        public SkipGramOptions ToSkipGramOptions()
        {
            var defaults = new SkipGramOptions();
            return new SkipGramOptions
            {
                Dimension = Dimension,
                Window = Window ?? defaults.Window,
                Negatives = Negatives ?? defaults.Negatives,
                Epochs = Epochs ?? defaults.Epochs,
                LearningRate = LearningRate ?? defaults.LearningRate,
                Subsample = Subsample ?? defaults.Subsample,
                Seed = Seed,
                Threads = Threads,
            };
        }

        /// <summary>The DeepWalk / node2vec options these settings describe.</summary>
        public RandomWalkOptions ToRandomWalkOptions()
        {
            var defaults = new RandomWalkOptions();
            return new RandomWalkOptions
            {
                WalksPerNode = Walks ?? defaults.WalksPerNode,
                WalkLength = WalkLength ?? defaults.WalkLength,
                ReturnParameter = P ?? defaults.ReturnParameter,
                InOutParameter = Q ?? defaults.InOutParameter,
                SkipGram = ToSkipGramOptions(),
            };
        }

        /// <summary>The LINE options these settings describe.</summary>
        public LineOptions ToLineOptions() => new()
        {
            Order = Order ?? new LineOptions().Order,
            Samples = Samples,
            SkipGram = ToSkipGramOptions(),
        };

        /// <summary>Throws when an option that <paramref name="method"/> does not use was given.</summary>
        public void RequireOnlyOptionsOf(string method)
        {
            var given = new (string Option, bool Given, string Methods)[]
            {
                ("--iteration-weights", IterationWeights is not null, "fastrp"),
                ("--beta", Beta is not null, "fastrp"),
                ("--density", Density is not null, "fastrp"),
                ("--no-hop-normalization", NoHopNormalization is not null, "fastrp"),
                ("--normalization", Normalization is not null, "fastrp"),
                ("--self-influence", SelfInfluence is not null, "fastrp"),
                ("--walks", Walks is not null, "deepwalk node2vec"),
                ("--walk-length", WalkLength is not null, "deepwalk node2vec"),
                ("--p", P is not null, "node2vec"),
                ("--q", Q is not null, "node2vec"),
                ("--window", Window is not null, "deepwalk node2vec"),
                ("--sample", Subsample is not null, "deepwalk node2vec"),
                ("--negatives", Negatives is not null, "deepwalk node2vec line"),
                ("--epochs", Epochs is not null, "deepwalk node2vec line"),
                ("--learning-rate", LearningRate is not null, "deepwalk node2vec line"),
                ("--order", Order is not null, "line"),
                ("--samples", Samples is not null, "line"),
            };
            foreach (var (option, isGiven, methods) in given)
                if (isGiven && !methods.Split(' ').Contains(method))
                    throw new InvalidInputException(
                        $"option {option} applies to --method {methods.Replace(" ", "|")}, not to --method {method}" +
                        (option is "--p" or "--q" && method == "deepwalk" ? " (DeepWalk is node2vec with p = q = 1: use --method node2vec)" : ""),
                        field: option);
        }

        private static double? ParseDensity(string text) => text.ToLowerInvariant() switch
        {
            "auto" => null,
            "gds" => 1.0 / 3,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
            _ => throw new InvalidInputException($"option --density: expected auto, gds or a number in (0,1], found '{text}'", field: "--density"),
        };
    }

    /// <summary>The encoders <c>--method</c> accepts.</summary>
    public static readonly string[] Methods = ["fastrp", "deepwalk", "node2vec", "line"];

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Output))
            throw new InvalidInputException("option -o/--output: expected an output file path", field: "--output");
        string method = settings.Method.ToLowerInvariant();
        if (!Methods.Contains(method))
            throw new InvalidInputException($"option --method: expected one of {string.Join(", ", Methods)}, found '{settings.Method}'", field: "--method");
        settings.RequireOnlyOptionsOf(method);
        var encoder = GraphEncoder.For(method, settings);
        Parse.RequireOutputFolder(settings.Output, "option -o/--output");
        Parse.RequireDistinct(settings.Edges, settings.Output, "EDGES");
        if (settings.Nodes is not null) Parse.RequireDistinct(settings.Nodes, settings.Output, "--nodes file");
        EmbeddingFormats.Detect(settings.Output);

        var clock = Stopwatch.StartNew();
        var graph = settings.LoadGraph(cancellationToken);
        var set = encoder.Embed(graph, settings.Edges, cancellationToken);
        EmbeddingFormats.Write(settings.Output, set);
        Ui.Info($"wrote {settings.Output}: {set.Count:N0} × {set.Dimension} ({clock.Elapsed.TotalSeconds:F2} s in all)");
        return EmbedkitApp.Success;
    }
}
