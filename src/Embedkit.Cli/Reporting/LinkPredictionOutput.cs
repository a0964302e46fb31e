using System.Globalization;
using System.Text;
using System.Text.Json;
using Embedkit.Cli.Infrastructure;
using Embedkit.Evaluation;
using Spectre.Console;

namespace Embedkit.Cli.Reporting;

/// <summary>Renders a <see cref="LinkPredictionReport"/> as a console table and as the JSON of <c>eval link-prediction --json</c>.</summary>
internal static class LinkPredictionOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>CLI name (<c>--scorer</c>) and JSON key of each scorer, in display order.</summary>
    public static readonly (LinkScorer Scorer, string Name, string Key)[] Scorers =
    [
        (LinkScorer.HadamardLogisticRegression, "hadamard-lr", "hadamard_lr"),
        (LinkScorer.Dot, "dot", "dot"),
        (LinkScorer.Cosine, "cosine", "cosine"),
    ];

    /// <summary>Display name and JSON key of each baseline, in display order.</summary>
    public static readonly (LinkHeuristic Heuristic, string Name, string Key)[] Baselines =
    [
        (LinkHeuristic.CommonNeighbors, "common-neighbors", "common_neighbors"),
        (LinkHeuristic.Jaccard, "jaccard", "jaccard"),
        (LinkHeuristic.AdamicAdar, "adamic-adar", "adamic_adar"),
        (LinkHeuristic.ResourceAllocation, "resource-allocation", "resource_allocation"),
    ];

    /// <summary>The scorer a <c>--scorer</c> value names; throws naming the option otherwise.</summary>
    public static LinkScorer ParseScorer(string? name)
    {
        foreach (var s in Scorers)
            if (string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)) return s.Scorer;
        throw new InvalidInputException($"option --scorer: expected one of {string.Join(", ", Scorers.Select(s => s.Name))}, found '{name}'", field: "--scorer");
    }

    /// <summary>Prints the table to stdout: bordered on a terminal, plain columns when redirected. <paramref name="chosen"/> is marked.</summary>
    public static void WriteTable(LinkPredictionReport report, LinkScorer chosen, string method)
    {
        if (Ui.RichOut)
        {
            var table = new Table().RoundedBorder()
                .AddColumn("scorer").AddColumn("uses")
                .AddColumn(new TableColumn("ROC-AUC").RightAligned()).AddColumn(new TableColumn("AP").RightAligned());
            foreach (var (scorer, name, _) in Scorers)
            {
                var score = report.For(scorer);
                string label = scorer == chosen ? $"[bold]{name}[/] *" : name;
                table.AddRow(label, Markup.Escape(method), F(score.RocAuc), F(score.AveragePrecision));
            }
            table.AddEmptyRow();
            foreach (var (heuristic, name, _) in Baselines)
            {
                var score = report.For(heuristic);
                table.AddRow(name, "residual graph", F(score.RocAuc), F(score.AveragePrecision));
            }
            table.Caption($"{report.TestPairs:N0} test pairs ({report.TestPositives:N0} held-out edges); * = --scorer");
            Ui.Out.Write(table);
            return;
        }
        var text = new StringBuilder();
        text.Append(Inv, $"{"scorer",-20}  {"uses",-14}  {"roc_auc",7}  {"ap",7}\n");
        foreach (var (scorer, name, _) in Scorers)
        {
            var score = report.For(scorer);
            text.Append(Inv, $"{(scorer == chosen ? name + "*" : name),-20}  {method,-14}  {F(score.RocAuc),7}  {F(score.AveragePrecision),7}\n");
        }
        foreach (var (heuristic, name, _) in Baselines)
        {
            var score = report.For(heuristic);
            text.Append(Inv, $"{name,-20}  {"residual graph",-14}  {F(score.RocAuc),7}  {F(score.AveragePrecision),7}\n");
        }
        Console.Out.Write(text.ToString());
    }

    /// <summary>
    /// The JSON object of <c>eval link-prediction --json</c>: <c>task, method, holdout, test_pairs, auc, ap</c> (of the
    /// chosen scorer), <c>scorers</c>, <c>baselines</c>, then <c>scorer, seed, held_out, train_pairs, seconds</c>.
    /// </summary>
    public static string ToJson(LinkPredictionReport report, LinkScorer chosen, string method, ulong seed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("task", "link-prediction");
            json.WriteString("method", method);
            json.WriteNumber("holdout", report.HoldoutFraction);
            json.WriteNumber("test_pairs", report.TestPairs);
            json.WriteNumber("auc", Round(report.For(chosen).RocAuc));
            json.WriteNumber("ap", Round(report.For(chosen).AveragePrecision));
            json.WriteStartObject("scorers");
            foreach (var (scorer, _, key) in Scorers) Write(json, key, report.For(scorer));
            json.WriteEndObject();
            json.WriteStartObject("baselines");
            foreach (var (heuristic, _, key) in Baselines) Write(json, key, report.For(heuristic));
            json.WriteEndObject();
            json.WriteString("scorer", Scorers.First(s => s.Scorer == chosen).Name);
            json.WriteNumber("seed", seed);
            json.WriteNumber("held_out", report.TestPositives);
            json.WriteNumber("train_pairs", report.TrainPairs);
            json.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, string key, LinkPredictionScore score)
    {
        json.WriteStartObject(key);
        json.WriteNumber("auc", Round(score.RocAuc));
        json.WriteNumber("ap", Round(score.AveragePrecision));
        json.WriteEndObject();
    }

    private static double Round(double value) => Math.Round(value, 6);

    private static string F(double value) => value.ToString("F4", Inv);
}
