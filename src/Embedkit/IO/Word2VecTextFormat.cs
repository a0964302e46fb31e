using System.Buffers;

namespace Embedkit.IO;

/// <summary>
/// The word2vec text format as gensim's <c>KeyedVectors.save_word2vec_format(binary=False)</c> writes it
/// (<c>.txt</c>, <c>.vec</c>, <c>.w2v</c>; gzip-compressed when the path ends in <c>.gz</c>): a first line
/// <c>"count dimension"</c>, then one line <c>"id v1 v2 … vd"</c> per row, UTF-8, LF line endings.
/// </summary>
/// <remarks>
/// Values are written in the shortest form that parses back to the same float32 bits (invariant culture),
/// so a write–read round trip is exact. Ids cannot contain whitespace (it separates the fields) and cannot
/// be empty; writing such an id throws rather than silently changing it. Reading accepts runs of spaces
/// or tabs between fields, trailing whitespace (as fastText's <c>.vec</c> files have) and CRLF endings.
/// </remarks>
public static class Word2VecTextFormat
{
    /// <summary>Reads a word2vec text file; the set's provenance is <see cref="Provenance.Imported"/>.</summary>
    /// <exception cref="InvalidInputException">
    /// When the header is not <c>"count dimension"</c>, the number of rows differs from the header, a row
    /// does not have exactly <c>dimension</c> values, or a value is not a finite number; the message names
    /// the file and line.
    /// </exception>
    public static EmbeddingSet Read(string path)
    {
        using LineReader reader = InputFile.OpenLines(path);
        string header = reader.ReadLine() ?? ThrowHelper.InvalidInput<string>("expected a header line 'count dimension', found an empty file", path, 1);
        var (count, dimension) = ParseHeader(header, path);
        RequirePlausibleSize(path, count, dimension);

        var ids = new string[count];
        float[] data = new float[count * dimension];
        for (int row = 0; row < count; row++)
        {
            string line = reader.ReadLine()
                ?? ThrowHelper.InvalidInput<string>($"header says {count} rows, found only {row}", path, reader.LineNumber + 1);
            ids[row] = ParseRow(line, data.AsSpan(row * dimension, dimension), path, reader.LineNumber);
        }
        reader.RequireOnlyBlankLinesLeft($"{count} rows as the header says");
        return new EmbeddingSet(ids, dimension, data, Provenance.Imported(path));
    }

    /// <summary>Writes <paramref name="set"/> as word2vec text, atomically.</summary>
    /// <exception cref="InvalidInputException">
    /// When an id is empty or contains whitespace, or a value is NaN or infinite; nothing is written then.
    /// </exception>
    public static void Write(string path, EmbeddingSet set)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(set);
        IdRules.Validate(set.Ids, path, "word2vec text", char.IsWhiteSpace, "whitespace (it separates the fields)", allowEmpty: false);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, InputFile.StrictUtf8, 1 << 16, leaveOpen: true);
            writer.Write($"{set.Count} {set.Dimension}\n");
            TextValues.WriteRows(writer, set, ' ', path);
        }, InputFile.IsGzip(path));
    }

    private static (int Count, int Dimension) ParseHeader(string line, string path)
    {
        ReadOnlySpan<char> text = line.AsSpan().Trim();
        Span<Range> parts = stackalloc Range[3];
        int n = text.SplitAny(parts, " \t", StringSplitOptions.RemoveEmptyEntries);
        if (n == 2
            && int.TryParse(text[parts[0]], System.Globalization.NumberStyles.None, null, out int count)
            && int.TryParse(text[parts[1]], System.Globalization.NumberStyles.None, null, out int dimension)
            && dimension > 0)
            return (count, dimension);
        return ThrowHelper.InvalidInput<(int, int)>(
            $"expected a header line 'count dimension' (two non-negative integers, dimension > 0), found '{Excerpt.Of(line)}'", path, 1, "header");
    }

    private static void RequirePlausibleSize(string path, int count, int dimension)
    {
        if ((long)count * dimension > Array.MaxLength)
            ThrowHelper.InvalidInput($"header says {count} × {dimension} values, more than one array holds ({Array.MaxLength})", path, 1, "header");
        if (InputFile.IsGzip(path)) return;
        // Every value needs at least one character and one separator, so a smaller file cannot hold the rows
        // the header promises; checking first avoids allocating for a header that lies.
        long minimum = (long)count * (2L * dimension + 1);
        long length = new FileInfo(path).Length;
        if (length < minimum)
            ThrowHelper.InvalidInput($"header says {count} rows × {dimension} values, which needs at least {minimum} bytes; file has {length}", path, 1, "header");
    }

    /// <summary>Parses "id v1 … vd" into <paramref name="values"/> and returns the id.</summary>
    private static string ParseRow(string line, Span<float> values, string path, long lineNumber)
    {
        ReadOnlySpan<char> rest = line.AsSpan().TrimEnd(" \t");
        int end = rest.IndexOfAny(' ', '\t');
        if (rest.IsEmpty || end == 0)
            ThrowHelper.InvalidInput($"expected an id followed by {values.Length} values, found {(rest.IsEmpty ? "an empty line" : "a line starting with whitespace")}", path, lineNumber, "id");
        string id = end < 0 ? rest.ToString() : rest[..end].ToString();
        rest = end < 0 ? [] : rest[end..];
        int found = 0;
        while (true)
        {
            rest = rest.TrimStart(" \t");
            if (rest.IsEmpty) break;
            int stop = rest.IndexOfAny(' ', '\t');
            ReadOnlySpan<char> token = stop < 0 ? rest : rest[..stop];
            if (found < values.Length) values[found] = TextValues.Parse(token, path, lineNumber, found + 1);
            found++;
            rest = stop < 0 ? [] : rest[stop..];
        }
        if (found != values.Length)
            ThrowHelper.InvalidInput($"row '{IdRules.Printable(id)}': expected {values.Length} values as the header says, found {found}", path, lineNumber, "values");
        return id;
    }
}
