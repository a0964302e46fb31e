using System.Buffers;

namespace Embedkit.IO;

/// <summary>
/// Tab-separated vectors (<c>.tsv</c>, gzip-compressed when the path ends in <c>.gz</c>): one line
/// <c>"id&lt;TAB&gt;v1&lt;TAB&gt;…&lt;TAB&gt;vd"</c> per row, no header, UTF-8, LF line endings.
/// </summary>
/// <remarks>
/// Ids may contain spaces and any other character except tab, CR and LF. Values use the shortest
/// round-trip float32 form (invariant culture). The dimension is that of the first row; every row must match.
/// </remarks>
public static class TsvFormat
{
    /// <summary>Reads a TSV file; the set's provenance is <see cref="Provenance.Imported"/>.</summary>
    /// <exception cref="InvalidInputException">
    /// When the file has no rows, a row's number of values differs from the first row's, a value is not a
    /// finite number, or a blank line sits between rows; the message names the file and line.
    /// </exception>
    public static EmbeddingSet Read(string path)
    {
        using LineReader reader = InputFile.OpenLines(path);
        var ids = new List<string>();
        var data = new ArrayBufferWriter<float>(1 << 16);
        int dimension = 0;
        long firstBlank = 0;
        while (reader.ReadLine() is { } line)
        {
            ReadOnlySpan<char> text = line.AsSpan().TrimEnd(" \t");
            if (text.IsEmpty)
            {
                if (firstBlank == 0) firstBlank = reader.LineNumber;
                continue;
            }
            if (firstBlank != 0)
                ThrowHelper.InvalidInput("expected a row 'id<TAB>values…', found a blank line between rows", path, firstBlank);

            int tab = text.IndexOf('\t');
            if (tab < 0)
                ThrowHelper.InvalidInput($"expected 'id<TAB>v1<TAB>…', found no tab in '{Excerpt.Of(text)}'", path, reader.LineNumber, "values");
            ReadOnlySpan<char> values = text[(tab + 1)..];
            int found = values.Count('\t') + 1;
            if (dimension == 0) dimension = found;
            if (found != dimension)
                ThrowHelper.InvalidInput($"expected {dimension} values (as on the first row), found {found}", path, reader.LineNumber, "values");

            Span<float> row = data.GetSpan(dimension)[..dimension];
            int j = 0;
            foreach (Range r in values.Split('\t'))
            {
                row[j] = TextValues.Parse(values[r], path, reader.LineNumber, j + 1);
                j++;
            }
            data.Advance(dimension);
            ids.Add(text[..tab].ToString());
        }
        if (ids.Count == 0)
            ThrowHelper.InvalidInput("expected at least one row 'id<TAB>values…' (the dimension comes from the first row), found none", path);
        return new EmbeddingSet(ids, dimension, data.WrittenSpan.ToArray(), Provenance.Imported(path));
    }

    /// <summary>Writes <paramref name="set"/> as TSV, atomically.</summary>
    /// <exception cref="InvalidInputException">
    /// When the set is empty, an id contains a tab, CR or LF, or a value is NaN or infinite; nothing is written then.
    /// </exception>
    public static void Write(string path, EmbeddingSet set)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0)
            ThrowHelper.InvalidInput("TSV cannot store an empty set (a reader takes the dimension from the first row); use .ekv or .npy", path);
        IdRules.Validate(set.Ids, path, "TSV", c => c is '\t' or '\n' or '\r', "tab, CR or LF", allowEmpty: true);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, InputFile.StrictUtf8, 1 << 16, leaveOpen: true);
            TextValues.WriteRows(writer, set, '\t', path);
        }, InputFile.IsGzip(path));
    }
}
