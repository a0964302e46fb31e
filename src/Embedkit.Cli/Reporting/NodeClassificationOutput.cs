using System.Globalization;
using System.Text;
using System.Text.Json;
using Embedkit.Cli.Infrastructure;
using Embedkit.Evaluation;
using Spectre.Console;

namespace Embedkit.Cli.Reporting;

/// <summary>Renders a <see cref="NodeClassificationReport"/> as a console table, JSON and Markdown.</summary>
internal static class NodeClassificationOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Prints the table to stdout: bordered on a terminal, plain columns when redirected.</summary>
    public static void WriteTable(NodeClassificationReport report)
    {
        if (Ui.RichOut)
        {
            var table = new Table().RoundedBorder()
                .AddColumn("train ratio").AddColumn(new TableColumn("Micro-F1 %").RightAligned())
                .AddColumn(new TableColumn("Macro-F1 %").RightAligned());
            if (report.SingleLabel) table.AddColumn(new TableColumn("accuracy %").RightAligned());
            foreach (var r in report.Ratios)
            {
                var cells = new List<string> { Pct0(r.TrainRatio), PctStd(r.MicroF1, r.MicroF1Std), PctStd(r.MacroF1, r.MacroF1Std) };
                if (report.SingleLabel) cells.Add(PctStd(r.Accuracy ?? r.MicroF1, r.AccuracyStd ?? r.MicroF1Std));
                table.AddRow(cells.ToArray());
            }
            Ui.Out.Write(table);
            return;
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"train_ratio",-11}  {"micro_f1%",-15}  ");
        text.Append(report.SingleLabel ? $"{"macro_f1%",-15}  accuracy%" : "macro_f1%");
        text.AppendLine();
        foreach (var r in report.Ratios)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Pct0(r.TrainRatio),-11}  {PctStd(r.MicroF1, r.MicroF1Std),-15}  ");
            text.Append(report.SingleLabel
                ? $"{PctStd(r.MacroF1, r.MacroF1Std),-15}  {PctStd(r.Accuracy ?? r.MicroF1, r.AccuracyStd ?? r.MicroF1Std)}"
                : PctStd(r.MacroF1, r.MacroF1Std));
            text.AppendLine();
        }
        Console.Out.Write(text.ToString());
    }

    /// <summary>The JSON object of <c>eval node-classification --json</c>; F1 values are fractions in [0, 1].</summary>
    public static string ToJson(NodeClassificationReport report, string? embeddings = null, string? labels = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("task", "node-classification");
            if (embeddings is not null) json.WriteString("embeddings", embeddings);
            if (labels is not null) json.WriteString("labels", labels);
            json.WriteNumber("labelled_nodes", report.LabelledRows);
            json.WriteNumber("labels_count", report.LabelCount);
            json.WriteBoolean("single_label", report.SingleLabel);
            json.WriteStartArray("results");
            foreach (var r in report.Ratios)
            {
                json.WriteStartObject();
                json.WriteNumber("train_ratio", r.TrainRatio);
                json.WriteNumber("micro_f1", Math.Round(r.MicroF1, 6));
                json.WriteNumber("macro_f1", Math.Round(r.MacroF1, 6));
                json.WriteNumber("micro_f1_std", Math.Round(r.MicroF1Std, 6));
                json.WriteNumber("macro_f1_std", Math.Round(r.MacroF1Std, 6));
                if (r.Accuracy is double accuracy) json.WriteNumber("accuracy", Math.Round(accuracy, 6));
                if (r.AccuracyStd is double accuracyStd) json.WriteNumber("accuracy_std", Math.Round(accuracyStd, 6));
                json.WriteNumber("train_nodes", r.TrainCount);
                json.WriteNumber("test_nodes", r.TestCount);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A Markdown table of the results (percentages, mean ± std over repeats).</summary>
    public static string ToMarkdownTable(NodeClassificationReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(report.SingleLabel
            ? "| train ratio | Micro-F1 % | Macro-F1 % | accuracy % |\n|---:|---:|---:|---:|"
            : "| train ratio | Micro-F1 % | Macro-F1 % |\n|---:|---:|---:|");
        foreach (var r in report.Ratios)
        {
            md.Append(Inv, $"| {Pct0(r.TrainRatio)} | {PctStd(r.MicroF1, r.MicroF1Std)} | {PctStd(r.MacroF1, r.MacroF1Std)} |");
            if (report.SingleLabel) md.Append(Inv, $" {PctStd(r.Accuracy ?? r.MicroF1, r.AccuracyStd ?? r.MicroF1Std)} |");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Pct0(double fraction) => (fraction * 100).ToString("0.#", Inv) + "%";

    private static string Pct(double fraction) => (fraction * 100).ToString("F2", Inv);

    private static string PctStd(double mean, double std) => $"{Pct(mean)} ± {Pct(std)}";
}
