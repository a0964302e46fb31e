using Embedkit.IO;

namespace Embedkit.Evaluation;

/// <summary>
/// Relevance judgments: for each query, the judged documents and their integer relevance (≥ 1 relevant, ≤ 0 judged
/// non-relevant, as trec_eval's default <c>relevance_level</c> 1). Read from BEIR's <c>qrels/*.tsv</c>
/// (<c>query-id TAB corpus-id TAB score</c>, an optional header) or a TREC qrels file (<c>qid iter docno rel</c>).
/// </summary>
public sealed class Qrels
{
    private readonly Dictionary<string, Dictionary<string, int>> _byQuery;

    private Qrels(Dictionary<string, Dictionary<string, int>> byQuery) => _byQuery = byQuery;

    /// <summary>The judged queries, in order of first appearance.</summary>
    public IReadOnlyCollection<string> Queries => _byQuery.Keys;

    /// <summary>Number of (query, document) judgments.</summary>
    public int Count => _byQuery.Values.Sum(d => d.Count);

    /// <summary>The judgments of <paramref name="query"/>, or null when it has none.</summary>
    public IReadOnlyDictionary<string, int>? Of(string query) => _byQuery.GetValueOrDefault(query);

    /// <summary>Qrels from (query, document, relevance) triples; a repeated pair is an error.</summary>
    public static Qrels From(IEnumerable<(string Query, string Document, int Relevance)> judgments)
    {
        var byQuery = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (q, d, r) in judgments)
        {
            if (!Add(byQuery, q, d, r))
                ThrowHelper.InvalidInput($"the judgment of document '{d}' for query '{q}' repeats; expected one per pair", field: "qrels");
        }
        return new Qrels(byQuery);
    }

    /// <summary>Reads a BEIR or TREC qrels file.</summary>
    /// <exception cref="InvalidInputException">Naming the line and field of a malformed line or a repeated pair.</exception>
    public static Qrels Read(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) ThrowHelper.InvalidInput("expected a qrels file (query-id TAB corpus-id TAB score), found no such file", path);
        var byQuery = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        using var reader = InputFile.OpenLines(path);
        while (reader.ReadLine() is { } line)
        {
            if ((reader.LineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] fields = line.Contains('\t') ? line.Split('\t') : line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool trec = fields.Length == 4;
            if (fields.Length != 3 && !trec)
                ThrowHelper.InvalidInput($"expected 3 tab-separated fields (query-id, corpus-id, score) or 4 TREC fields (qid, iter, docno, rel), found {fields.Length}: '{Excerpt.Of(line)}'", path, reader.LineNumber);
            string query = fields[0].Trim(), doc = fields[trec ? 2 : 1].Trim(), score = fields[trec ? 3 : 2].Trim();
            if (!int.TryParse(score, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int relevance))
            {
                if (reader.LineNumber == 1) continue; // BEIR's header: query-id, corpus-id, score
                ThrowHelper.InvalidInput($"field 'score': expected an integer relevance, found '{Excerpt.Of(score)}'", path, reader.LineNumber, "score");
            }
            if (query.Length == 0) ThrowHelper.InvalidInput("field 'query-id': expected a query id, found an empty field", path, reader.LineNumber, "query-id");
            if (doc.Length == 0) ThrowHelper.InvalidInput("field 'corpus-id': expected a document id, found an empty field", path, reader.LineNumber, "corpus-id");
            if (!Add(byQuery, query, doc, relevance))
                ThrowHelper.InvalidInput($"the judgment of document '{doc}' for query '{query}' repeats; expected one line per pair", path, reader.LineNumber, "corpus-id");
        }
        return new Qrels(byQuery);
    }

    private static bool Add(Dictionary<string, Dictionary<string, int>> byQuery, string query, string doc, int relevance)
    {
        if (!byQuery.TryGetValue(query, out var docs)) byQuery.Add(query, docs = new Dictionary<string, int>(StringComparer.Ordinal));
        return docs.TryAdd(doc, relevance);
    }
}
