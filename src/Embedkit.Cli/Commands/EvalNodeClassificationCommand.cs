using System.ComponentModel;
using Embedkit.Cli.Infrastructure;
using Embedkit.Cli.Reporting;
using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.IO;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit eval node-classification EMBEDDINGS LABELS ...</c></summary>
public sealed class EvalNodeClassificationCommand : Command<EvalNodeClassificationCommand.Settings>
{
    /// <summary>Settings of <c>eval node-classification</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Embeddings path.</summary>
        [CommandArgument(0, "<EMBEDDINGS>")]
        [Description("Embeddings file (.ekv, .npy, .bin, .txt/.vec, .tsv).")]
        public string Embeddings { get; init; } = "";

        /// <summary>Labels path.</summary>
        [CommandArgument(1, "<LABELS>")]
        [Description("Labels: 'node<TAB>label' per line, several lines per node for multi-label.")]
        public string Labels { get; init; } = "";

        /// <summary>Train ratios.</summary>
        [CommandOption("--ratios <LIST>")]
        [Description("Comma-separated shares of labelled nodes used for training.")]
        [DefaultValue("0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9")]
        public string Ratios { get; init; } = "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9";

        /// <summary>Repeats.</summary>
        [CommandOption("--repeats <N>")]
        [Description("Random splits per ratio; mean and standard deviation are reported.")]
        [DefaultValue(5)]
        public int Repeats { get; init; } = 5;

        /// <summary>Inverse regularisation.</summary>
        [CommandOption("-c|--inverse-regularization <C>")]
        [Description("Inverse L2 regularisation strength C of the logistic regressions (sklearn's C); also accepted as --c.")]
        [DefaultValue(1.0)]
        public double C { get; init; } = 1.0;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed of the splits.")]
        [DefaultValue(42UL)]
        public ulong Seed { get; init; } = 42;

        /// <summary>liblinear objective.</summary>
        [CommandOption("--liblinear")]
        [Description("Penalise the intercept like scikit-learn's liblinear solver (sklearn's default before 0.22, which DeepWalk's and FastRP's published tables used). Default: today's lbfgs objective.")]
        public bool Liblinear { get; init; }

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores. Results do not depend on it.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of a table.")]
        public bool Json { get; init; }

        /// <summary>Optional Markdown report.</summary>
        [CommandOption("--report <FILE>")]
        [Description("Also write a Markdown report to this file.")]
        public string? Report { get; init; }

        /// <summary>Optional chart.</summary>
        [CommandOption("--chart <FILE>")]
        [Description("Also write a PNG chart of F1 against the train ratio.")]
        public string? Chart { get; init; }

        /// <summary>The evaluator options these settings describe.</summary>
        public NodeClassificationOptions ToOptions() => new()
        {
            TrainRatios = Parse.DoubleList(Ratios, "option --ratios", "0.1,0.5,0.9"),
            Repeats = Repeats,
            C = C,
            Seed = Seed,
            Threads = Threads,
            PenalizeIntercept = Liblinear,
        };
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        options.Validate();
        Parse.RequireFile(settings.Embeddings, "EMBEDDINGS");
        Parse.RequireFile(settings.Labels, "LABELS");
        if (settings.Report is not null) Parse.RequireOutputFolder(settings.Report, "option --report");
        if (settings.Chart is not null) Parse.RequireOutputFolder(settings.Chart, "option --chart");
        if (settings.Chart is not null && !settings.Chart.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"option --chart: expected a .png file name, found '{settings.Chart}'", field: "--chart");
        if (settings.Report is not null && settings.Chart is not null && Path.GetFullPath(settings.Report) == Path.GetFullPath(settings.Chart))
            throw new InvalidInputException("options --report and --chart name the same file; give each its own path", field: "--chart");

        var set = EmbeddingInput.Read(settings.Embeddings);
        var labels = LoadLabels(settings.Labels, set.Ids, cancellationToken);
        var report = ProgressRunner.Run("node classification", progress => NodeClassificationEvaluator.Evaluate(set, labels, options, progress, cancellationToken));

        if (settings.Json) Console.Out.WriteLine(NodeClassificationOutput.ToJson(report, settings.Embeddings, settings.Labels));
        else NodeClassificationOutput.WriteTable(report);
        if (settings.Report is not null)
            AtomicText.Write(settings.Report, QuickstartReport.ForEvaluation(settings.Embeddings, settings.Labels, set, options, report));
        if (settings.Chart is not null)
            F1Chart.Save(report, settings.Chart, $"Node classification: {Path.GetFileName(settings.Embeddings)}");
        return EmbedkitApp.Success;
    }

    /// <summary>Reads labels aligned to <paramref name="ids"/>, printing the reader's warnings.</summary>
    public static NodeLabels LoadLabels(string path, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var loaded = LabelReader.Read(path, ids, cancellationToken);
        foreach (string warning in loaded.Warnings) Ui.Warn($"{path}: {warning}");
        return loaded.Labels;
    }
}
