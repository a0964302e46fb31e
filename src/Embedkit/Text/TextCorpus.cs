using System.Text;
using System.Text.Json;
using Embedkit.Graphs;

namespace Embedkit.Text;

/// <summary>
/// Reads the documents to embed, streaming: a JSONL file (BEIR's corpus.jsonl: one object per line with
/// <c>_id</c>, <c>title</c> and <c>text</c>) or a plain text file, one document per line with its line number
/// as id. A BEIR document is <c>(title + " " + text).Trim()</c>, as BEIR and sentence-transformers encode it.
/// </summary>
public static class TextCorpus
{
    /// <summary>Whether <paramref name="path"/> is read as JSONL: it ends in <c>.jsonl</c> or <c>.jsonl.gz</c>.</summary>
    public static bool IsJsonLines(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Streams the documents of <paramref name="path"/> (gzip read transparently). For JSONL the text is
    /// <paramref name="field"/>; when that is <c>text</c>, a non-empty <c>title</c> is put before it.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// The file is missing or empty; a JSONL line does not parse, is not an object, or lacks <c>_id</c> or the text
    /// field; an id repeats. The message names the file, the line and the field.
    /// </exception>
    public static IEnumerable<TextDocument> Read(string path, string field = "text", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(field);
        bool json = IsJsonLines(path);
        using var reader = TextInput.Open(path);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        long line = 0;
        long documents = 0;
        while (NextLine(reader, path, line) is { } text)
        {
            line++;
            if ((line & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (line == 1 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            TextDocument document;
            if (json)
            {
                if (string.IsNullOrWhiteSpace(text)) continue;
                document = ParseJsonLineChecked(text, field, path, line);
            }
            else
            {
                document = new TextDocument(line.ToString(System.Globalization.CultureInfo.InvariantCulture), text, line);
            }
            if (!seen.TryAdd(document.Id, line))
                ThrowHelper.InvalidInput($"duplicate document id '{Excerpt(document.Id)}' (first on line {seen[document.Id]})", path, line, "_id");
            documents++;
            yield return document;
        }
        if (documents == 0)
            ThrowHelper.InvalidInput(json ? "the corpus has no documents (expected one JSON object per line with _id and " + field + ")"
                : "the corpus has no documents (expected one document per line)", path);
    }

    /// <summary>Lines in <paramref name="path"/> (gzip read through): a quick first pass that gives progress a total.</summary>
    public static long CountLines(string path)
    {
        using var reader = TextInput.Open(path);
        var buffer = new char[1 << 16];
        long lines = 0;
        bool open = false;
        int n;
        while ((n = ReadChecked(reader, buffer, path, lines)) > 0)
        {
            lines += buffer.AsSpan(0, n).Count('\n');
            open = buffer[n - 1] != '\n';
        }
        return open ? lines + 1 : lines;
    }

    /// <summary>
    /// The next line, or null at the end; invalid UTF-8 is bad input. The reader decodes blocks of the file ahead of the
    /// line it returns, so the line named is the first that may hold the bytes (<paramref name="line"/> lines were read).
    /// </summary>
    private static string? NextLine(TextReader reader, string path, long line)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (DecoderFallbackException e)
        {
            return ThrowHelper.InvalidInput<string?>($"expected UTF-8 text, found invalid bytes on this line or a later one ({e.Message})", path, line + 1);
        }
    }

    private static int ReadChecked(TextReader reader, char[] buffer, string path, long lines)
    {
        try
        {
            return reader.Read(buffer, 0, buffer.Length);
        }
        catch (DecoderFallbackException e)
        {
            return ThrowHelper.InvalidInput<int>($"expected UTF-8 text, found invalid bytes on this line or a later one ({e.Message})", path, lines + 1);
        }
    }

    private static TextDocument ParseJsonLineChecked(string text, string field, string path, long line)
    {
        try
        {
            return ParseJsonLine(text, field, path, line);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            // System.Text.Json parses "\ud800" but cannot turn an unpaired surrogate into a string.
            return ThrowHelper.InvalidInput<TextDocument>($"a JSON string holds an unpaired surrogate escape (\\uD800–\\uDFFF alone), which is not Unicode text", path, line);
        }
    }

    private static TextDocument ParseJsonLine(string text, string field, string path, long line)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return ThrowHelper.InvalidInput<TextDocument>($"not valid JSON ({e.Message}); expected one object per line with _id and {field}", path, line);
        }
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                ThrowHelper.InvalidInput($"expected a JSON object with _id and {field}, found {root.ValueKind}", path, line);
            if (!root.TryGetProperty("_id", out var idElement))
                ThrowHelper.InvalidInput("missing field _id (expected a string or number)", path, line, "_id");
            string id = idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString()!,
                JsonValueKind.Number => idElement.GetRawText(),
                _ => ThrowHelper.InvalidInput<string>($"field _id: expected a string or number, found {idElement.ValueKind}", path, line, "_id"),
            };
            if (id.Length == 0) ThrowHelper.InvalidInput("field _id: expected a non-empty id", path, line, "_id");
            if (!root.TryGetProperty(field, out var body))
                ThrowHelper.InvalidInput($"missing field {field} (expected a string; choose another with --field)", path, line, field);
            if (body.ValueKind != JsonValueKind.String)
                ThrowHelper.InvalidInput($"field {field}: expected a string, found {body.ValueKind}", path, line, field);
            string content = body.GetString()!;
            if (field == "text")
            {
                root.TryGetProperty("title", out var title);
                if (title.ValueKind is not (JsonValueKind.String or JsonValueKind.Null or JsonValueKind.Undefined))
                    ThrowHelper.InvalidInput($"field title: expected a string, found {title.ValueKind}", path, line, "title");
                if (title.ValueKind == JsonValueKind.String && title.GetString() is { Length: > 0 } heading)
                    content = heading + " " + content;
                content = content.Trim(); // BEIR: (title + " " + text).strip()
            }
            return new TextDocument(id, content, line);
        }
    }

    private static string Excerpt(string id) => id.Length <= 60 ? id : id[..60] + "…";
}
