using System.ComponentModel;
using System.Diagnostics;
using Embedkit.Cli.Infrastructure;
using Embedkit.Cli.Reporting;
using Embedkit.Evaluation;
using Embedkit.Graphs;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary>
/// <c>embedkit eval link-prediction EDGES (--embeddings FILE | --method NAME) ...</c>: node2vec's link-prediction
/// protocol. The split (held-out edges, non-edges, training pairs) is made from EDGES or read with <c>--split DIR</c>;
/// embeddings come from <c>--method</c> (the residual graph embedded here) or from <c>--embeddings</c> (a file that
/// must have been learned on the split's residual graph: write it first with <c>--write-split DIR</c>).
/// </summary>
public sealed class EvalLinkPredictionCommand : Command<EvalLinkPredictionCommand.Settings>
{
    /// <summary>Settings of <c>eval link-prediction</c>.</summary>
    public sealed class Settings : GraphReadSettings
    {
        /// <summary>Edge list of the whole graph; optional with <see cref="Split"/>.</summary>
        [CommandArgument(0, "[EDGES]")]
        [Description("Edge list of the whole graph (as for embed graph); optional with --split.")]
        public string Edges { get; init; } = "";

        /// <summary>Embeddings to score.</summary>
        [CommandOption("--embeddings <FILE>")]
        [Description("Score this embeddings file; it must have been learned on the split's residual graph (see --write-split).")]
        public string? Embeddings { get; init; }

        /// <summary>Encoder of the residual graph.</summary>
        [CommandOption("--method <NAME>")]
        [Description("Embed the residual graph here with this method (at its default options) and score it: fastrp, deepwalk, node2vec or line.")]
        public string? Method { get; init; }

        /// <summary>node2vec's return parameter.</summary>
        [CommandOption("-p <P>")]
        [Description("With --method node2vec: return parameter p (default 1).")]
        public double? P { get; init; }

        /// <summary>node2vec's in-out parameter.</summary>
        [CommandOption("-q <Q>")]
        [Description("With --method node2vec: in-out parameter q (default 1).")]
        public double? Q { get; init; }

        /// <summary>Held-out fraction.</summary>
        [CommandOption("--holdout <F>")]
        [Description("Fraction of the edges held out as test positives, in (0, 1). Ignored with --split.")]
        [DefaultValue(0.5)]
        public double Holdout { get; init; } = 0.5;

        /// <summary>Allow the residual graph to fall apart.</summary>
        [CommandOption("--no-keep-connected")]
        [Description("Do not keep a spanning forest: the residual graph may lose connected components (default: kept, node2vec's protocol).")]
        public bool NoKeepConnected { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed of the split (ignored with --split) and of --method's encoder.")]
        [DefaultValue(42UL)]
        public ulong Seed { get; init; } = 42;

        /// <summary>Scorer of the top-level result.</summary>
        [CommandOption("--scorer <NAME>")]
        [Description("Scorer whose AUC/AP are the headline result: hadamard-lr (logistic regression on u∘v), dot or cosine. All are reported.")]
        [DefaultValue("hadamard-lr")]
        public string Scorer { get; init; } = "hadamard-lr";

        /// <summary>Folder to write the split to.</summary>
        [CommandOption("--write-split <DIR>")]
        [Description("Write the split to DIR (residual.tsv, nodes.txt, test.tsv, train.tsv, split.json); with neither --embeddings nor --method, only that.")]
        public string? WriteSplit { get; init; }

        /// <summary>Folder to read the split from.</summary>
        [CommandOption("--split <DIR>")]
        [Description("Read the split written by --write-split instead of making one from EDGES.")]
        public string? Split { get; init; }

        /// <summary>Inverse regularisation.</summary>
        [CommandOption("-c|--inverse-regularization <C>")]
        [Description("Inverse L2 regularisation strength C of the Hadamard logistic regression (sklearn's C); also accepted as --c.")]
        [DefaultValue(1.0)]
        public double C { get; init; } = 1.0;

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores. Results do not depend on it.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of a table.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Every option is checked before any file is read.
        var splitOptions = new LinkPredictionSplitOptions { HoldoutFraction = settings.Holdout, KeepConnected = !settings.NoKeepConnected, Seed = settings.Seed };
        splitOptions.Validate();
        var evalOptions = new LinkPredictionOptions { C = settings.C, Threads = settings.Threads };
        evalOptions.Validate();
        LinkScorer scorer = LinkPredictionOutput.ParseScorer(settings.Scorer);
        bool embed = settings.Method is not null, score = embed || settings.Embeddings is not null;
        string? method = embed ? ResidualEncoder.Require(settings.Method) : null;
        if ((settings.P is not null || settings.Q is not null) && method != "node2vec")
            throw new InvalidInputException("options --p and --q apply to --method node2vec only", field: settings.P is not null ? "--p" : "--q");
        GraphEncoder? encoder = method is null ? null : ResidualEncoder.For(method, settings.Seed, settings.Threads, settings.P, settings.Q);
        if (embed && settings.Embeddings is not null)
            throw new InvalidInputException("options --embeddings and --method: give one (score a file, or embed the residual graph here)", field: "--method");
        if (!score && settings.WriteSplit is null)
            throw new InvalidInputException("expected --embeddings FILE or --method NAME (or --write-split DIR to write the split only)", field: "--embeddings");
        if (settings.Split is not null && settings.WriteSplit is not null)
            throw new InvalidInputException("options --split and --write-split: give one (a split read from a folder is already written)", field: "--write-split");
        if (settings.Split is null && string.IsNullOrEmpty(settings.Edges))
            throw new InvalidInputException("EDGES: expected an edge list (or --split DIR, a split written by --write-split)", field: "EDGES");
        if (settings.Split is not null && !Directory.Exists(settings.Split))
            throw new InvalidInputException($"option --split: expected a split folder, found no folder '{settings.Split}'", field: "--split");
        if (settings.WriteSplit is not null) RequireSplitFolder(settings.WriteSplit);
        if (settings.Embeddings is not null) Parse.RequireFile(settings.Embeddings, "option --embeddings");

        var clock = Stopwatch.StartNew();
        LinkPredictionSplit split = LoadOrMakeSplit(settings, splitOptions, cancellationToken);
        if (settings.WriteSplit is not null)
        {
            split.Write(settings.WriteSplit);
            Ui.Info($"wrote split to {settings.WriteSplit}: {LinkPredictionSplit.ResidualFileName}, {LinkPredictionSplit.NodesFileName}, " +
                $"{LinkPredictionSplit.TestFileName}, {LinkPredictionSplit.TrainFileName}, {LinkPredictionSplit.InfoFileName}");
        }
        if (!score)
        {
            string dir = settings.WriteSplit!;
            Ui.Info($"next: embedkit embed graph {Path.Combine(dir, LinkPredictionSplit.ResidualFileName)} --nodes {Path.Combine(dir, LinkPredictionSplit.NodesFileName)} -o emb.ekv");
            Ui.Info($"then: embedkit eval link-prediction --split {dir} --embeddings emb.ekv");
            return EmbedkitApp.Success;
        }

        EmbeddingSet set;
        if (encoder is not null)
        {
            Ui.Info($"embedding the residual graph with {method}");
            set = encoder.Embed(split.Residual, "residual graph", cancellationToken);
        }
        else
        {
            set = EmbeddingInput.Read(settings.Embeddings!);
            RequireNotLearnedOnFullGraph(set, settings.Edges.Length > 0 ? settings.Edges : split.Source, settings.Embeddings!);
            if (settings.Split is null)
                Ui.Warn($"{settings.Embeddings}: scored on a split made now from {settings.Edges}; the embeddings must have been learned on its residual graph " +
                    "(same EDGES, --holdout and --seed, written with --write-split), never on the whole graph");
        }

        var report = ProgressRunner.Run("link prediction", progress => LinkPredictionEvaluator.Evaluate(set, split, evalOptions, progress, cancellationToken));
        if (!report.HadamardConverged)
            Ui.Warn($"the Hadamard logistic regression stopped at {report.HadamardIterations} iterations before its tolerance");
        string label = method ?? set.Provenance.Method;
        if (settings.Json) Console.Out.WriteLine(LinkPredictionOutput.ToJson(report, scorer, label, settings.Seed));
        else LinkPredictionOutput.WriteTable(report, scorer, label);
        Ui.Info($"evaluated in {report.Elapsed.TotalSeconds:F2} s ({clock.Elapsed.TotalSeconds:F2} s in all)");
        return EmbedkitApp.Success;
    }

    private static LinkPredictionSplit LoadOrMakeSplit(Settings settings, LinkPredictionSplitOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        LinkPredictionSplit split;
        if (settings.Split is not null)
        {
            split = LinkPredictionSplit.Read(settings.Split, ct);
            Ui.Info($"read split {settings.Split}: {Describe(split)} ({clock.Elapsed.TotalSeconds:F2} s)");
            if (settings.Edges.Length > 0) RequireSameGraph(settings.LoadGraph(settings.Edges, ct), split, settings.Edges, settings.Split);
        }
        else
        {
            CsrGraph graph = settings.LoadGraph(settings.Edges, ct);
            clock.Restart();
            split = LinkPredictionSplit.Create(graph, options, settings.Edges, ct);
            Ui.Info($"split: {Describe(split)} ({clock.Elapsed.TotalSeconds:F2} s)");
        }
        foreach (string warning in split.Warnings) Ui.Warn(warning);
        return split;
    }

    private static string Describe(LinkPredictionSplit split) =>
        $"held out {split.HeldOutEdges:N0} of {split.EdgeCount:N0} edges (holdout {split.Options.HoldoutFraction:0.###}, seed {split.Options.Seed}, " +
        $"{(split.Options.KeepConnected ? "components kept" : "components not kept")}); {split.TestPairs.Count:N0} test pairs, {split.TrainPairs.Count:N0} training pairs";

    /// <summary>With both EDGES and --split, the split must have been made from that graph (same nodes and edge count).</summary>
    private static void RequireSameGraph(CsrGraph graph, LinkPredictionSplit split, string edges, string folder)
    {
        long count = 0;
        for (int u = 0; u < graph.NodeCount; u++)
            foreach (int v in graph.Neighbors(u))
                if (v > u) count++;
        if (graph.NodeCount != split.NodeIds.Count || count != split.EdgeCount)
            throw new InvalidInputException(
                $"the split in {folder} was made from a graph of {split.NodeIds.Count:N0} nodes and {split.EdgeCount:N0} edges, but EDGES has {graph.NodeCount:N0} nodes and {count:N0} edges; leave out EDGES or give the graph the split came from",
                edges, field: "EDGES");
    }

    /// <summary>Embeddings learned on the whole graph have seen the held-out edges; their score would mean nothing.</summary>
    private static void RequireNotLearnedOnFullGraph(EmbeddingSet set, string? fullGraph, string path)
    {
        string? source = set.Provenance.Source;
        if (source is null || fullGraph is null) return;
        if (string.Equals(Path.GetFullPath(source), Path.GetFullPath(fullGraph), StringComparison.Ordinal))
            throw new InvalidInputException(
                $"these embeddings were learned on {source}, the whole graph, so they have seen the held-out test edges; embed the split's {LinkPredictionSplit.ResidualFileName} instead (--write-split DIR, then embed graph DIR/{LinkPredictionSplit.ResidualFileName} --nodes DIR/{LinkPredictionSplit.NodesFileName})",
                path, field: "--embeddings");
    }

    private static void RequireSplitFolder(string dir)
    {
        if (string.IsNullOrWhiteSpace(dir))
            throw new InvalidInputException("option --write-split: expected a folder path, found an empty string", field: "--write-split");
        if (File.Exists(dir))
            throw new InvalidInputException($"option --write-split: '{dir}' is a file; expected a folder", field: "--write-split");
        string? parent = Path.GetDirectoryName(Path.GetFullPath(dir));
        if (parent is not null && !Directory.Exists(parent))
            throw new InvalidInputException($"option --write-split: the folder '{parent}' that would hold '{dir}' does not exist", field: "--write-split");
    }
}
