using System.Globalization;

namespace Embedkit.IO;

/// <summary>Float formatting and parsing for the text formats: invariant culture, shortest round-trip form.</summary>
internal static class TextValues
{
    /// <summary>Longest text a float can format to in "R" form (for example <c>-1.1754944E-38</c>), with margin.</summary>
    public const int MaxFloatChars = 32;

    /// <summary>
    /// Formats <paramref name="value"/> so that parsing gives back the same bits; throws for NaN and
    /// infinities, which text readers (ours and gensim's) would not take back as data.
    /// </summary>
    public static int Format(float value, Span<char> destination, string path, string id, int column)
    {
        if (!float.IsFinite(value))
            ThrowHelper.InvalidInput($"row '{IdRules.Printable(id)}', value {column}: text formats store finite values only, found {value.ToString(CultureInfo.InvariantCulture)}; export to .ekv, .npy or .bin instead", path, field: $"value {column}");
        value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Parses one value, naming file, line and column when it is not a finite number.</summary>
    public static float Parse(ReadOnlySpan<char> token, string path, long line, int column)
    {
        if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            ThrowHelper.InvalidInput($"value {column}: expected a number, found '{Excerpt.Of(token)}'", path, line, $"value {column}");
        if (!float.IsFinite(value))
            ThrowHelper.InvalidInput($"value {column}: expected a finite float32, found '{Excerpt.Of(token)}'", path, line, $"value {column}");
        return value;
    }

    /// <summary>Writes one line per row: the id, then each value preceded by <paramref name="separator"/>.</summary>
    public static void WriteRows(TextWriter writer, EmbeddingSet set, char separator, string path)
    {
        char[] line = new char[set.Dimension * (MaxFloatChars + 1) + 1];
        for (int row = 0; row < set.Count; row++)
        {
            string id = set.Ids[row];
            int at = 0;
            ReadOnlySpan<float> values = set.Row(row);
            for (int j = 0; j < values.Length; j++)
            {
                line[at++] = separator;
                at += Format(values[j], line.AsSpan(at), path, id, j + 1);
            }
            line[at++] = '\n';
            writer.Write(id);
            writer.Write(line, 0, at);
        }
    }
}
