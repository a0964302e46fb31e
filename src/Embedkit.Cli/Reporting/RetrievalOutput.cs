using System.Globalization;
using System.Text;
using System.Text.Json;
using Embedkit.Cli.Infrastructure;
using Embedkit.Evaluation;
using Embedkit.Lexical;
using Embedkit.Retrieval;
using Spectre.Console;

namespace Embedkit.Cli.Reporting;

/// <summary>Renders a <see cref="RetrievalReport"/> as a console table, as the JSON of <c>eval retrieval --json</c>, and as a TREC run.</summary>
internal static class RetrievalOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What was run, for the report.</summary>
    public sealed record Described(BeirDataset Data, string Method, int Top, Bm25Options Bm25, string? Model, string? Fusion, int RrfK, double FusionWeight);

    /// <summary>The value of <paramref name="option"/> among <paramref name="allowed"/> (case-insensitive); throws naming the option otherwise.</summary>
    public static string Choose(string? value, string option, params string[] allowed)
    {
        foreach (string a in allowed)
            if (string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidInputException($"option {option}: expected one of {string.Join(", ", allowed)}, found '{value}'", field: option);
    }

    /// <summary>Prints the metrics to stdout: a bordered table on a terminal, plain columns when redirected.</summary>
    public static void WriteTable(RetrievalReport report, Described d)
    {
        var rows = new (string Name, double Value)[] { ("nDCG@10", report.NdcgAt10), ("Recall@100", report.RecallAt100), ("MRR@10", report.MrrAt10), ("MAP@100", report.MapAt100) };
        string caption = $"{d.Data.Name} ({d.Data.Split}), {Label(d)}: {report.Queries:N0} queries, {d.Data.Corpus.Count:N0} documents, top {d.Top}";
        if (Ui.RichOut)
        {
            var table = new Table().RoundedBorder().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
            foreach (var (name, value) in rows) table.AddRow(name, F(value));
            table.Caption(Markup.Escape(caption));
            Ui.Out.Write(table);
            return;
        }
        var text = new StringBuilder();
        text.Append(Inv, $"{"metric",-10}  {"value",7}\n");
        foreach (var (name, value) in rows) text.Append(Inv, $"{name,-10}  {F(value),7}\n");
        text.Append(caption).Append('\n');
        Console.Out.Write(text.ToString());
    }

    /// <summary>
    /// The JSON object of <c>eval retrieval --json</c>: <c>task, dataset, method, ndcg@10, recall@100, mrr@10, map@100,
    /// queries</c>, then what was run and what was left out.
    /// </summary>
    public static string ToJson(RetrievalReport report, Described d)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("task", "retrieval");
            json.WriteString("dataset", d.Data.Name);
            json.WriteString("method", d.Method);
            json.WriteNumber("ndcg@10", Round(report.NdcgAt10));
            json.WriteNumber("recall@100", Round(report.RecallAt100));
            json.WriteNumber("mrr@10", Round(report.MrrAt10));
            json.WriteNumber("map@100", Round(report.MapAt100));
            json.WriteNumber("queries", report.Queries);
            json.WriteString("split", d.Data.Split);
            json.WriteNumber("documents", d.Data.Corpus.Count);
            json.WriteNumber("top", d.Top);
            if (d.Method != "dense")
            {
                json.WriteNumber("k1", d.Bm25.K1);
                json.WriteNumber("b", d.Bm25.B);
                json.WriteString("length_norm", d.Bm25.LengthNorm == Bm25LengthNorm.Exact ? "exact" : "lucene");
            }
            if (d.Model is not null) json.WriteString("model", d.Model);
            if (d.Fusion is not null)
            {
                json.WriteString("fusion", d.Fusion);
                if (d.Fusion == "rrf") json.WriteNumber("rrf_k", d.RrfK);
                else json.WriteNumber("fusion_weight", d.FusionWeight);
            }
            json.WriteNumber("queries_without_relevant", report.QueriesWithoutRelevant);
            json.WriteNumber("queries_without_results", report.QueriesWithoutResults);
            json.WriteNumber("queries_without_qrels", d.Data.QueriesWithoutQrels);
            json.WriteNumber("qrels_unknown_queries", d.Data.UnknownQueries.Count);
            json.WriteNumber("qrels_unknown_documents", d.Data.UnknownDocumentJudgments);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The run in TREC format, one line per retrieved document: <c>qid Q0 docid rank score tag</c>.</summary>
    public static string TrecRun(BeirDataset data, IReadOnlyDictionary<string, IReadOnlyList<ScoredId>> run, string tag)
    {
        var text = new StringBuilder();
        foreach (var query in data.Queries)
        {
            var hits = run[query.Id].ToArray();
            Array.Sort(hits, ScoredId.CompareTrec);
            for (int r = 0; r < hits.Length; r++) text.Append(Inv, $"{query.Id} Q0 {hits[r].Id} {r + 1} {hits[r].Score:R} embedkit-{tag}\n");
        }
        return text.ToString();
    }

    private static string Label(Described d) => d.Method switch
    {
        "bm25" => $"BM25 k1={d.Bm25.K1.ToString(Inv)} b={d.Bm25.B.ToString(Inv)}",
        "dense" => $"dense {d.Model}",
        _ => $"hybrid ({d.Fusion}) of BM25 and {d.Model}",
    };

    private static double Round(double value) => Math.Round(value, 6);

    private static string F(double value) => value.ToString("F4", Inv);
}
