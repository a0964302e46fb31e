using System.Text;

namespace Embedkit.IO;

/// <summary>
/// The word2vec binary format (<c>.bin</c>, gzip-compressed when the path ends in <c>.gz</c>) as the
/// original word2vec tool and gensim's <c>KeyedVectors.save_word2vec_format(binary=True)</c> write it:
/// an ASCII line <c>"count dimension\n"</c>, then per row the id in UTF-8, one space, <c>dimension</c>
/// little-endian float32, and a <c>"\n"</c>.
/// </summary>
/// <remarks>
/// Reading tolerates rows with or without the trailing <c>"\n"</c> (as gensim does, by stripping newlines
/// before each id). Ids therefore cannot contain a space or a newline; writing such an id throws.
/// Values are stored bit for bit, NaN and infinities included.
/// </remarks>
public static class Word2VecBinaryFormat
{
    private const int MaxHeaderBytes = 256;
    private const int MaxIdBytes = 1 << 20;

    /// <summary>Reads a word2vec binary file; the set's provenance is <see cref="Provenance.Imported"/>.</summary>
    /// <exception cref="InvalidInputException">
    /// When the header is not <c>"count dimension"</c>, the file ends before the rows the header promises,
    /// an id is not UTF-8, or data follows the last row; the message names the file, row and byte offset.
    /// </exception>
    public static EmbeddingSet Read(string path)
    {
        using Stream raw = InputFile.OpenRead(path);
        using var stream = new BufferedStream(raw, 1 << 20);
        long offset = 0;
        var (count, dimension) = ReadHeader(stream, path, ref offset);
        if ((long)count * dimension > Array.MaxLength)
            ThrowHelper.InvalidInput($"header says {count} × {dimension} values, more than one array holds ({Array.MaxLength})", path, 1, "header");
        if (!InputFile.IsGzip(path))
        {
            long minimum = offset + (long)count * (1 + dimension * sizeof(float));
            long length = new FileInfo(path).Length;
            if (length < minimum)
                ThrowHelper.InvalidInput($"truncated: header says {count} rows × {dimension} float32, which needs at least {minimum} bytes; file has {length}", path, field: "header");
        }

        var ids = new string[count];
        float[] data = new float[count * dimension];
        byte[] id = new byte[256];
        for (int row = 0; row < count; row++)
        {
            int b;
            while ((b = stream.ReadByte()) == '\n') offset++;
            int n = 0;
            while (b != ' ')
            {
                if (b < 0)
                    ThrowHelper.InvalidInput($"truncated: header says {count} rows, the file ends inside row {row} (byte {offset})", path, field: "id");
                if (n == MaxIdBytes)
                    ThrowHelper.InvalidInput($"row {row} (byte {offset - n}): expected an id of at most {MaxIdBytes} bytes followed by a space, found no space", path, field: "id");
                if (n == id.Length) Array.Resize(ref id, id.Length * 2);
                id[n++] = (byte)b;
                offset++;
                b = stream.ReadByte();
            }
            offset++;
            try
            {
                ids[row] = InputFile.StrictUtf8.GetString(id, 0, n);
            }
            catch (DecoderFallbackException)
            {
                ThrowHelper.InvalidInput($"row {row} (byte {offset - n - 1}): expected a UTF-8 id, found invalid bytes", path, field: "id");
            }
            if (!FloatIO.Read(stream, data.AsSpan(row * dimension, dimension)))
                ThrowHelper.InvalidInput($"truncated: header says {count} rows × {dimension} float32, the file ends inside the vector of row {row} ('{IdRules.Printable(ids[row])}', byte {offset})", path, field: "values");
            offset += dimension * sizeof(float);
        }
        int next;
        while ((next = stream.ReadByte()) is '\n' or '\r' or ' ') offset++;
        if (next >= 0)
            ThrowHelper.InvalidInput($"expected the file to end after {count} rows as the header says, found more data at byte {offset}", path, field: "count");
        return new EmbeddingSet(ids, dimension, data, Provenance.Imported(path));
    }

    /// <summary>Writes <paramref name="set"/> in word2vec binary format (with gensim's "\n" after each row), atomically.</summary>
    /// <exception cref="InvalidInputException">When an id contains a space or a newline; nothing is written then.</exception>
    public static void Write(string path, EmbeddingSet set)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(set);
        IdRules.Validate(set.Ids, path, "word2vec binary", c => c is ' ' or '\n', "a space or a newline (they delimit ids)", allowEmpty: true);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.ASCII.GetBytes($"{set.Count} {set.Dimension}\n"));
            byte[] id = new byte[256];
            for (int row = 0; row < set.Count; row++)
            {
                int max = InputFile.StrictUtf8.GetMaxByteCount(set.Ids[row].Length) + 1;
                if (max > id.Length) id = new byte[max];
                int n = InputFile.StrictUtf8.GetBytes(set.Ids[row], id);
                id[n++] = (byte)' ';
                stream.Write(id, 0, n);
                FloatIO.Write(stream, set.Row(row));
                stream.WriteByte((byte)'\n');
            }
        }, InputFile.IsGzip(path));
    }

    private static (int Count, int Dimension) ReadHeader(Stream stream, string path, ref long offset)
    {
        Span<byte> line = stackalloc byte[MaxHeaderBytes];
        int n = 0;
        int b;
        while ((b = stream.ReadByte()) != '\n')
        {
            if (b < 0 || n == MaxHeaderBytes)
                ThrowHelper.InvalidInput($"expected a header line 'count dimension' ending in a newline, found {(b < 0 ? "the end of the file" : $"no newline in the first {MaxHeaderBytes} bytes")}", path, 1, "header");
            line[n++] = (byte)b;
        }
        offset = n + 1;
        string text = Encoding.ASCII.GetString(line[..n]).Trim();
        string[] parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out int count)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out int dimension)
            && dimension > 0)
            return (count, dimension);
        return ThrowHelper.InvalidInput<(int, int)>(
            $"expected a header line 'count dimension' (two non-negative integers, dimension > 0), found '{Excerpt.Of(text)}'", path, 1, "header");
    }
}
