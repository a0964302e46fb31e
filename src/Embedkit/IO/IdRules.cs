using System.Text;

namespace Embedkit.IO;

/// <summary>Checks, before anything is written, that every id can be stored in a given format.</summary>
internal static class IdRules
{
    /// <summary>Throws when two rows share an id, naming the id and both rows (ids key every later join, e.g. with labels).</summary>
    public static void RequireUnique(IReadOnlyList<string> ids, string path)
    {
        var seen = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            if (!seen.TryAdd(ids[i], i))
                ThrowHelper.InvalidInput(
                    $"rows {seen[ids[i]]} and {i} have the same id '{Printable(ids[i])}'; expected one row per id (is this an edge list rather than embeddings?)",
                    path, field: "id");
        }
    }

    /// <summary>
    /// Throws when an id is null, is not valid UTF-16 (so cannot be stored as UTF-8), is empty while
    /// <paramref name="allowEmpty"/> is false, or contains a character the format uses as a separator.
    /// </summary>
    public static void Validate(IReadOnlyList<string> ids, string path, string format, Func<char, bool> isForbidden, string forbiddenDescription, bool allowEmpty)
    {
        for (int i = 0; i < ids.Count; i++)
        {
            string? id = ids[i];
            if (id is null)
                ThrowHelper.InvalidInput($"row {i}: expected an id, found null", path, field: "id");
            if (id.Length == 0 && !allowEmpty)
                ThrowHelper.InvalidInput($"row {i}: {format} cannot store an empty id", path, field: "id");
            foreach (char c in id)
            {
                if (isForbidden(c))
                    ThrowHelper.InvalidInput(
                        $"row {i}: {format} ids cannot contain {forbiddenDescription}; found id '{Printable(id)}' containing U+{(int)c:X4}. Rename the id or export to .ekv, .npy or .tsv",
                        path, field: "id");
            }
            RequireValidUtf16(id, i, path);
        }
    }

    /// <summary>Throws when <paramref name="id"/> holds a lone surrogate, which UTF-8 cannot represent.</summary>
    public static void RequireValidUtf16(string id, int row, string path)
    {
        if (!id.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')) return;
        try
        {
            InputFile.StrictUtf8.GetByteCount(id);
        }
        catch (EncoderFallbackException)
        {
            ThrowHelper.InvalidInput($"row {row}: expected an id of valid Unicode text, found a lone surrogate in '{Printable(id)}'", path, field: "id");
        }
    }

    /// <summary>The id with control characters shown as escapes, for messages.</summary>
    public static string Printable(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (char c in Excerpt.Of(id, 60))
        {
            if (c == '\t') sb.Append("\\t");
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (char.IsControl(c) || char.IsSurrogate(c)) sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
