using System.Text.Json;
using Embedkit.IO;

namespace Embedkit.Evaluation;

/// <summary>
/// A retrieval dataset in BEIR's layout: <c>corpus.jsonl</c> (one object a line with <c>_id</c>, optional <c>title</c>
/// and <c>text</c>), <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>) and <c>qrels/SPLIT.tsv</c> (see <see cref="Qrels"/>).
/// Other fields (<c>metadata</c>) are ignored; an <c>_id</c> may be a JSON string or number; blank lines are skipped.
/// Only the judged queries of the split are evaluated, as BEIR's <c>GenericDataLoader</c> keeps them; what the files
/// disagree on is counted, never silently dropped.
/// </summary>
public sealed class BeirDataset
{
    /// <summary>Name of the corpus file in the dataset folder.</summary>
    public const string CorpusFileName = "corpus.jsonl";

    /// <summary>Name of the queries file in the dataset folder.</summary>
    public const string QueriesFileName = "queries.jsonl";

    private BeirDataset(string name, string split, IReadOnlyList<BeirDocument> corpus, IReadOnlyList<BeirQuery> queries, Qrels qrels,
        int queriesWithoutQrels, IReadOnlyList<string> unknownQueries, int unknownDocumentJudgments)
    {
        Name = name;
        Split = split;
        Corpus = corpus;
        Queries = queries;
        Qrels = qrels;
        QueriesWithoutQrels = queriesWithoutQrels;
        UnknownQueries = unknownQueries;
        UnknownDocumentJudgments = unknownDocumentJudgments;
    }

    /// <summary>The dataset's name: its folder's name (<c>scifact</c>).</summary>
    public string Name { get; }

    /// <summary>The qrels split read (<c>test</c>).</summary>
    public string Split { get; }

    /// <summary>The documents, in file order.</summary>
    public IReadOnlyList<BeirDocument> Corpus { get; }

    /// <summary>The queries that the split judges and <c>queries.jsonl</c> holds, in file order.</summary>
    public IReadOnlyList<BeirQuery> Queries { get; }

    /// <summary>The split's judgments of the queries in <see cref="Queries"/> (those of <see cref="UnknownQueries"/> left out).</summary>
    public Qrels Qrels { get; }

    /// <summary>Queries of <c>queries.jsonl</c> that the split does not judge (not evaluated: BEIR files hold every split's queries).</summary>
    public int QueriesWithoutQrels { get; }

    /// <summary>Query ids that the qrels judge but <c>queries.jsonl</c> lacks (they cannot be run, and are not evaluated).</summary>
    public IReadOnlyList<string> UnknownQueries { get; }

    /// <summary>
    /// Judgments naming a document the corpus lacks. They are kept, as trec_eval keeps them: a relevant one can never
    /// be retrieved and lowers recall.
    /// </summary>
    public int UnknownDocumentJudgments { get; }

    /// <summary>Reads the dataset in <paramref name="directory"/> with the judgments of <c>qrels/<paramref name="split"/>.tsv</c>.</summary>
    /// <exception cref="InvalidInputException">Naming the file, line and field of the first problem.</exception>
    public static BeirDataset Load(string directory, string split = "test", CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory)) ThrowHelper.InvalidInput($"expected a BEIR dataset folder ({CorpusFileName}, {QueriesFileName}, qrels/), found no such folder", directory);
        if (string.IsNullOrWhiteSpace(split) || split.IndexOfAny(['/', '\\']) >= 0)
            ThrowHelper.RequireOption(false, "--split (Split)", "a qrels split name such as test, dev or train", split);
        string qrelsPath = Path.Combine(directory, "qrels", split + ".tsv");
        if (!File.Exists(qrelsPath))
        {
            string[] present = Directory.Exists(Path.Combine(directory, "qrels"))
                ? Directory.GetFiles(Path.Combine(directory, "qrels"), "*.tsv").Select(p => Path.GetFileNameWithoutExtension(p)).Order().ToArray() : [];
            ThrowHelper.InvalidInput($"expected the qrels of split '{split}', found no such file (splits present: {(present.Length == 0 ? "none" : string.Join(", ", present))})", qrelsPath, field: "--split");
        }

        var corpus = ReadCorpus(Path.Combine(directory, CorpusFileName), cancellationToken);
        var allQueries = ReadQueries(Path.Combine(directory, QueriesFileName), cancellationToken);
        var qrels = Qrels.Read(qrelsPath, cancellationToken);

        var docIds = new HashSet<string>(corpus.Select(d => d.Id), StringComparer.Ordinal);
        var queryIds = new HashSet<string>(allQueries.Select(q => q.Id), StringComparer.Ordinal);
        var judged = new HashSet<string>(qrels.Queries, StringComparer.Ordinal);
        var queries = allQueries.Where(q => judged.Contains(q.Id)).ToArray();
        if (queries.Length == 0)
            ThrowHelper.InvalidInput($"none of the {judged.Count:N0} queries judged here is in {QueriesFileName} ({allQueries.Count:N0} queries); expected the qrels of this dataset", qrelsPath, field: "query-id");
        var unknownQueries = qrels.Queries.Where(q => !queryIds.Contains(q)).ToArray();
        int unknownDocs = qrels.Queries.Sum(q => qrels.Of(q)!.Keys.Count(d => !docIds.Contains(d)));
        string name = new DirectoryInfo(Path.GetFullPath(directory)).Name;
        // Judgments of queries that queries.jsonl lacks cannot be run; they are reported, and left out of the
        // evaluated qrels (otherwise they would score 0 and lower every mean).
        if (unknownQueries.Length > 0)
            qrels = Qrels.From(qrels.Queries.Where(queryIds.Contains).SelectMany(q => qrels.Of(q)!.Select(j => (q, j.Key, j.Value))));
        return new BeirDataset(name, split, corpus, queries, qrels, allQueries.Count - queries.Length, unknownQueries, unknownDocs);
    }

    /// <summary>Reads a BEIR <c>corpus.jsonl</c>.</summary>
    public static IReadOnlyList<BeirDocument> ReadCorpus(string path, CancellationToken cancellationToken = default)
    {
        var docs = new List<BeirDocument>();
        ReadJsonLines(path, "corpus", cancellationToken, (root, reader) =>
        {
            string id = RequireId(root, reader);
            docs.Add(new BeirDocument(id, OptionalString(root, "title", reader), RequireString(root, "text", reader)));
            return id;
        });
        if (docs.Count == 0) ThrowHelper.InvalidInput("the corpus has no documents; expected one JSON object per line with _id, title and text", path);
        return docs;
    }

    /// <summary>Reads a BEIR <c>queries.jsonl</c>.</summary>
    public static IReadOnlyList<BeirQuery> ReadQueries(string path, CancellationToken cancellationToken = default)
    {
        var queries = new List<BeirQuery>();
        ReadJsonLines(path, "queries", cancellationToken, (root, reader) =>
        {
            string id = RequireId(root, reader);
            queries.Add(new BeirQuery(id, RequireString(root, "text", reader)));
            return id;
        });
        return queries;
    }

    private static void ReadJsonLines(string path, string what, CancellationToken cancellationToken, Func<JsonElement, LineReader, string> onObject)
    {
        if (!File.Exists(path)) ThrowHelper.InvalidInput($"expected the {what} file of a BEIR dataset, found no such file", path);
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = InputFile.OpenLines(path);
        while (reader.ReadLine() is { } line)
        {
            if ((reader.LineNumber & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                ThrowHelper.InvalidInput($"expected one JSON object, found text that does not parse ({e.Message.Split(" Path:")[0].TrimEnd('.')}): '{Excerpt.Of(line)}'", path, reader.LineNumber);
                return;
            }
            string id;
            using (json)
            {
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                    ThrowHelper.InvalidInput($"expected one JSON object, found a JSON {json.RootElement.ValueKind.ToString().ToLowerInvariant()}", path, reader.LineNumber);
                try
                {
                    id = onObject(json.RootElement, reader);
                }
                catch (InvalidOperationException e) when (e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
                {
                    // System.Text.Json parses "\ud800" but cannot turn an unpaired surrogate into a string.
                    ThrowHelper.InvalidInput($"a JSON string holds an unpaired surrogate escape (\\uD800–\\uDFFF alone), which is not Unicode text: '{Excerpt.Of(line)}'", path, reader.LineNumber);
                    return;
                }
            }
            if (!firstLine.TryAdd(id, reader.LineNumber))
                ThrowHelper.InvalidInput($"field '_id': '{Excerpt.Of(id)}' repeats line {firstLine[id]}; expected unique ids", path, reader.LineNumber, "_id");
        }
    }

    private static string RequireId(JsonElement root, LineReader reader)
    {
        if (!root.TryGetProperty("_id", out var value) || value.ValueKind is JsonValueKind.Null)
            ThrowHelper.InvalidInput("field '_id': expected a document id, found no such field", reader.Path, reader.LineNumber, "_id");
        string id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => ThrowHelper.InvalidInput<string>($"field '_id': expected a string or a number, found a JSON {value.ValueKind.ToString().ToLowerInvariant()}", reader.Path, reader.LineNumber, "_id"),
        };
        if (id.Length == 0) ThrowHelper.InvalidInput("field '_id': expected an id, found an empty string", reader.Path, reader.LineNumber, "_id");
        return id;
    }

    private static string RequireString(JsonElement root, string field, LineReader reader)
    {
        if (!root.TryGetProperty(field, out var value))
            ThrowHelper.InvalidInput($"field '{field}': expected a string, found no such field", reader.Path, reader.LineNumber, field);
        if (value.ValueKind != JsonValueKind.String)
            ThrowHelper.InvalidInput($"field '{field}': expected a string, found a JSON {value.ValueKind.ToString().ToLowerInvariant()}", reader.Path, reader.LineNumber, field);
        return value.GetString()!;
    }

    private static string OptionalString(JsonElement root, string field, LineReader reader)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return "";
        if (value.ValueKind != JsonValueKind.String)
            ThrowHelper.InvalidInput($"field '{field}': expected a string, found a JSON {value.ValueKind.ToString().ToLowerInvariant()}", reader.Path, reader.LineNumber, field);
        return value.GetString()!;
    }
}
