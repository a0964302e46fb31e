using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Embedkit.IO;

/// <summary>
/// NumPy's <c>.npy</c> format for a 2-D array <c>(count, dimension)</c>, with the row ids in a sidecar
/// text file <c>&lt;name&gt;.ids.txt</c> (see <see cref="IdsPath"/>): one id per line, UTF-8, LF.
/// </summary>
/// <remarks>
/// Writing produces exactly what <c>numpy.save</c> writes for a C-order <c>float32</c> array: format
/// version 1.0, dtype <c>'&lt;f4'</c>, the header dictionary padded with spaces (including numpy's spare
/// room for growing the first axis) so that the data starts at a multiple of 64 bytes. Reading accepts
/// versions 1.0, 2.0 and 3.0, dtypes <c>'&lt;f4'</c> and <c>'&lt;f8'</c> (converted to float32) in C order.
/// When the sidecar is absent the ids are <c>"0"</c> … <c>"count-1"</c>. The sidecar is written first,
/// then the array; each is written atomically.
/// </remarks>
public static class NpyFormat
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy's <c>ARRAY_ALIGN</c>: the data starts at a multiple of this.</summary>
    private const int ArrayAlign = 64;

    /// <summary>numpy's <c>GROWTH_AXIS_MAX_DIGITS</c>: spare header room so the first axis can grow in place.</summary>
    private const int GrowthAxisMaxDigits = 21;

    private const int PrefixV1 = 10; // magic (6) + version (2) + uint16 header length
    private const int PrefixV2 = 12; // magic (6) + version (2) + uint32 header length

    /// <summary>The sidecar ids file of <paramref name="npyPath"/>: <c>x.npy</c> → <c>x.ids.txt</c>.</summary>
    public static string IdsPath(string npyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(npyPath);
        return Path.ChangeExtension(npyPath, ".ids.txt");
    }

    /// <summary>
    /// The exact header numpy writes (format 1.0) before the data of a C-order float32 array of shape
    /// (<paramref name="count"/>, <paramref name="dimension"/>); its length is a multiple of 64.
    /// </summary>
    public static byte[] Header(int count, int dimension)
    {
        // numpy/lib/format.py, _write_array_header and _wrap_header: sorted dict repr, spare spaces for the
        // growth axis, then spaces and '\n' so that prefix + header is a multiple of ARRAY_ALIGN.
        string shape = string.Create(CultureInfo.InvariantCulture, $"({count}, {dimension})");
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}"
            + new string(' ', GrowthAxisMaxDigits - count.ToString(CultureInfo.InvariantCulture).Length);
        int hlen = dict.Length + 1;
        int padlen = ArrayAlign - (PrefixV1 + hlen) % ArrayAlign;
        byte[] header = new byte[PrefixV1 + hlen + padlen];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), checked((ushort)(hlen + padlen)));
        Encoding.ASCII.GetBytes(dict, header.AsSpan(PrefixV1));
        header.AsSpan(PrefixV1 + dict.Length, padlen).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>Writes <paramref name="set"/> as a float32 <c>.npy</c> file plus its <c>.ids.txt</c> sidecar.</summary>
    /// <exception cref="InvalidInputException">When an id contains CR or LF; nothing is written then.</exception>
    public static void Write(string path, EmbeddingSet set)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(set);
        string idsPath = IdsPath(path);
        IdRules.Validate(set.Ids, idsPath, "the .ids.txt sidecar", c => c is '\n' or '\r', "CR or LF (one id per line)", allowEmpty: true);
        if (string.Equals(Path.GetFullPath(idsPath), Path.GetFullPath(path), StringComparison.Ordinal))
            ThrowHelper.InvalidInput("expected a path ending in .npy, found one whose ids sidecar would overwrite it", path);
        byte[] header = Header(set.Count, set.Dimension);
        AtomicFile.Write(idsPath, stream =>
        {
            using var writer = new StreamWriter(stream, InputFile.StrictUtf8, 1 << 16, leaveOpen: true);
            foreach (string id in set.Ids)
            {
                writer.Write(id);
                writer.Write('\n');
            }
        });
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            FloatIO.Write(stream, set.Data);
        });
    }

    /// <summary>
    /// Reads a 2-D <c>.npy</c> array and its <c>.ids.txt</c> sidecar if present; the set's provenance is
    /// <see cref="Provenance.Imported"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// When the file is not <c>.npy</c>, has an unsupported version, dtype, order or shape, its length does
    /// not match the shape, or the sidecar's number of ids differs from the number of rows.
    /// </exception>
    public static EmbeddingSet Read(string path)
    {
        using FileStream file = InputFile.OpenFile(path);
        long fileLength = file.Length;
        Span<byte> prefix = stackalloc byte[PrefixV2];
        int got = file.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < Magic.Length || !prefix[..Magic.Length].SequenceEqual(Magic))
            ThrowHelper.InvalidInput($"not a .npy file: expected the magic \\x93NUMPY, found {(got == 0 ? "an empty file" : $"'{Encoding.Latin1.GetString(prefix[..Math.Min(got, Magic.Length)])}'")}", path, field: "magic");
        if (got < PrefixV1)
            ThrowHelper.InvalidInput($"truncated: file has {fileLength} bytes, a .npy header needs at least {PrefixV1}", path);
        byte major = prefix[6], minor = prefix[7];
        int prefixLength;
        long headerLength;
        if (major == 1 && minor == 0)
        {
            prefixLength = PrefixV1;
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        }
        else if (major is 2 or 3 && minor == 0 && got >= PrefixV2)
        {
            prefixLength = PrefixV2;
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        }
        else
        {
            return ThrowHelper.InvalidInput<EmbeddingSet>($"unsupported .npy version: expected 1.0, 2.0 or 3.0, found {major}.{minor}", path, field: "version");
        }
        if (prefixLength + headerLength > fileLength)
            ThrowHelper.InvalidInput($"truncated: the .npy header says {headerLength} bytes, file has {fileLength - prefixLength} after the prefix", path, field: "header");

        byte[] headerBytes = new byte[headerLength];
        file.Position = prefixLength;
        file.ReadExactly(headerBytes);
        string headerText = major == 3 ? InputFile.StrictUtf8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (descr, fortranOrder, shape) = NpyHeaderParser.Parse(headerText, path);

        int itemSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => ThrowHelper.InvalidInput<int>($"unsupported dtype: expected '<f4' (float32) or '<f8' (float64, converted), found '{descr}'", path, field: "descr"),
        };
        if (fortranOrder)
            ThrowHelper.InvalidInput("unsupported layout: expected C order (fortran_order False), found fortran_order True; save np.ascontiguousarray(a) instead", path, field: "fortran_order");
        if (shape.Length != 2)
            ThrowHelper.InvalidInput($"unsupported shape: expected a 2-D array (count, dimension), found {FormatShape(shape)}", path, field: "shape");
        long count = shape[0], dimension = shape[1];
        if (dimension <= 0 || count > int.MaxValue || dimension > int.MaxValue || count * dimension > Array.MaxLength)
            ThrowHelper.InvalidInput($"unsupported shape: expected count ≤ {int.MaxValue}, dimension ≥ 1 and at most {Array.MaxLength} values, found {FormatShape(shape)}", path, field: "shape");

        long dataOffset = prefixLength + headerLength;
        long dataLength = count * dimension * itemSize;
        if (fileLength != dataOffset + dataLength)
            ThrowHelper.InvalidInput(
                $"{(fileLength < dataOffset + dataLength ? "truncated" : "unexpected trailing bytes")}: shape {FormatShape(shape)} of '{descr}' needs {dataLength} bytes of data at offset {dataOffset}, so the file should have {dataOffset + dataLength} bytes; file has {fileLength}",
                path, field: "shape");

        float[] data = GC.AllocateUninitializedArray<float>((int)(count * dimension));
        if (itemSize == 4) FloatIO.Read(file.SafeFileHandle, dataOffset, data);
        else ReadDoubles(file, dataOffset, data);

        string[] ids = ReadIds(IdsPath(path), (int)count);
        return new EmbeddingSet(ids, (int)dimension, data, Provenance.Imported(path));
    }

    private static void ReadDoubles(FileStream file, long offset, float[] data)
    {
        file.Position = offset;
        byte[] buffer = new byte[1 << 16];
        int done = 0;
        while (done < data.Length)
        {
            int n = Math.Min(buffer.Length / 8, data.Length - done);
            file.ReadExactly(buffer, 0, n * 8);
            for (int i = 0; i < n; i++)
                data[done + i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(i * 8));
            done += n;
        }
    }

    private static string[] ReadIds(string idsPath, int count)
    {
        if (!File.Exists(idsPath))
        {
            var numbered = new string[count];
            for (int i = 0; i < count; i++) numbered[i] = i.ToString(CultureInfo.InvariantCulture);
            return numbered;
        }
        var ids = new List<string>(count);
        using (LineReader reader = InputFile.OpenLines(idsPath))
        {
            // Ids are one per line and may be empty, so the only line ending taken away is the final one.
            while (reader.ReadLine() is { } line)
            {
                if (ids.Count == count)
                {
                    if (line.Length == 0 && reader.ReadLine() is null) break;
                    ThrowHelper.InvalidInput($"expected {count} ids (one per row of the .npy file), found more", idsPath, reader.LineNumber);
                }
                ids.Add(line);
            }
        }
        if (ids.Count != count)
            ThrowHelper.InvalidInput($"expected {count} ids (one per row of the .npy file), found {ids.Count}", idsPath, field: "id");
        return [.. ids];
    }

    private static string FormatShape(long[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
}
