using System.ComponentModel;
using System.Diagnostics;
using Embedkit.Cli.Infrastructure;
using Embedkit.Cli.Reporting;
using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.IO;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary>
/// <c>embedkit quickstart [--out DIR]</c>: the main job on the bundled BlogCatalog graph. Builds the graph,
/// computes FastRP, evaluates it by node classification at train ratios 10%..90%, prints the F1 table,
/// and writes the embeddings, a Markdown report and a PNG chart into the output folder.
/// </summary>
public sealed class QuickstartCommand : Command<QuickstartCommand.Settings>
{
    /// <summary>Settings of <c>quickstart</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Output folder (created if missing).")]
        [DefaultValue("embedkit-quickstart")]
        public string Out { get; init; } = "embedkit-quickstart";

        /// <summary>Dimension.</summary>
        [CommandOption("--dim <D>")]
        [Description("FastRP dimension (the paper's BlogCatalog setting is 512).")]
        [DefaultValue(512)]
        public int Dimension { get; init; } = 512;

        /// <summary>Repeats.</summary>
        [CommandOption("--repeats <N>")]
        [Description("Random splits per train ratio.")]
        [DefaultValue(5)]
        public int Repeats { get; init; } = 5;

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores.")]
        [DefaultValue(0)]
        public int Threads { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var fastrp = new FastRPOptions { Dimension = settings.Dimension, Threads = settings.Threads };
        var eval = new NodeClassificationOptions { C = 0.1, PenalizeIntercept = true, Repeats = settings.Repeats, Threads = settings.Threads };
        fastrp.Validate();
        eval.Validate();
        if (string.IsNullOrWhiteSpace(settings.Out))
            throw new InvalidInputException("option --out: expected a folder path, found an empty string", field: "--out");
        if (File.Exists(settings.Out))
            throw new InvalidInputException($"option --out: '{settings.Out}' is a file; expected a folder (it is created if missing)", field: "--out");

        var clock = Stopwatch.StartNew();
        var data = BundledData.Extract("blogcatalog");
        try
        {
            var loaded = EdgeListReader.Read(data.Edges, new EdgeListOptions(), cancellationToken);
            var graph = loaded.Graph;
            Ui.Info($"BlogCatalog: {graph.NodeCount:N0} nodes, {graph.ArcCount / 2:N0} edges (read in {clock.Elapsed.TotalSeconds:F2} s)");

            var embedClock = Stopwatch.StartNew();
            var set = ProgressRunner.Run("fastrp", progress => FastRP.Embed(graph, fastrp, progress, cancellationToken, "bundled:blogcatalog/edges.tsv.gz"));
            var embedTime = embedClock.Elapsed;
            Ui.Info($"FastRP d={fastrp.Dimension}: {embedTime.TotalSeconds:F2} s");

            Directory.CreateDirectory(settings.Out); // only now: a run that fails earlier leaves nothing behind
            string embeddingsFile = "blogcatalog-fastrp.ekv";
            EmbeddingFormats.Write(Path.Combine(settings.Out, embeddingsFile), set);

            var labels = EvalNodeClassificationCommand.LoadLabels(data.Labels, set.Ids, cancellationToken);
            var report = ProgressRunner.Run("node classification", progress => NodeClassificationEvaluator.Evaluate(set, labels, eval, progress, cancellationToken));
            NodeClassificationOutput.WriteTable(report);

            string chartFile = "f1.png";
            F1Chart.Save(report, Path.Combine(settings.Out, chartFile), $"FastRP d={fastrp.Dimension} on BlogCatalog",
                [(0.1, 0.372, 0.228), (0.9, 0.426, 0.280)], "FastRP paper (d=512)");
            int labelled = Enumerable.Range(0, labels.RowCount).Count(i => labels.Of(i).Length > 0);
            AtomicText.Write(Path.Combine(settings.Out, "report.md"),
                QuickstartReport.ForQuickstart(graph, labelled, labels.LabelCount, fastrp, eval, report, embedTime, chartFile, embeddingsFile));

            Ui.Info($"wrote {Path.Combine(settings.Out, embeddingsFile)}, {Path.Combine(settings.Out, "report.md")}, {Path.Combine(settings.Out, chartFile)} ({clock.Elapsed.TotalSeconds:F1} s in all)");
        }
        finally
        {
            data.Dispose();
        }
        return EmbedkitApp.Success;
    }
}
