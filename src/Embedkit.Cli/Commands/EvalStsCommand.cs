using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Embedkit.Cli.Infrastructure;
using Embedkit.Evaluation;
using Embedkit.Onnx;
using Embedkit.Text;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary>
/// <c>embedkit eval sts DIR|FILE [--model minilm] [--json]</c>: semantic textual similarity, Spearman's ρ of the cosine
/// similarity of each sentence pair against its gold score. The pairs are read here; the text encoder comes from one
/// private method (the ONNX encoder, once merged).
/// </summary>
public sealed class EvalStsCommand : Command<EvalStsCommand.Settings>
{
    /// <summary>Settings of <c>eval sts</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>STS folder or file.</summary>
        [CommandArgument(0, "<DIR|FILE>")]
        [Description("The STS-B folder (reads SPLIT.tsv or sts-SPLIT.csv), an original sts-*.csv, or a TSV with a score/sentence1/sentence2 header (or sentence1, sentence2, score without one).")]
        public string Input { get; init; } = "";

        /// <summary>Split of a folder.</summary>
        [CommandOption("--split <NAME>")]
        [Description("With a folder: the split to read (test, dev, train).")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        /// <summary>Text model.</summary>
        [CommandOption("--model <NAME>")]
        [Description("Text model that encodes the sentences.")]
        [DefaultValue("minilm")]
        public string Model { get; init; } = "minilm";

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of a table.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var pairs = StsDataset.Read(settings.Input, settings.Split);
        Ui.Info($"read {pairs.Count:N0} scored pairs from {settings.Input}");
        using OnnxTextEncoder encoder = TextModels.Open(settings.Model);
        var report = StsEvaluator.Evaluate(encoder, pairs, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("task", "sts");
                json.WriteNumber("spearman", Math.Round(report.Spearman, 6));
                json.WriteNumber("pearson", Math.Round(report.Pearson, 6));
                json.WriteNumber("pairs", report.Pairs);
                json.WriteString("model", settings.Model);
                json.WriteEndObject();
            }
            Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spearman  {report.Spearman:F4}\npearson   {report.Pearson:F4}\n{report.Pairs:N0} pairs, model {settings.Model}"));
        }
        return EmbedkitApp.Success;
    }
}
