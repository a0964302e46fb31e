using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Embedkit.IO;

/// <summary>
/// The TEXMEX benchmark formats (SIFT1M, GIST1M, BIGANN): <c>.fvecs</c> (float32), <c>.bvecs</c> (uint8) and
/// <c>.ivecs</c> (int32, usually ground-truth neighbour ids). Each row is a little-endian int32 dimension
/// followed by that many little-endian values; every row must have the same dimension. A <c>.gz</c> suffix
/// is decompressed (and a truncated gzip file refused).
/// </summary>
public static class VecsFormat
{
    private const int MaxDimension = 1 << 24;

    /// <summary>Reads an <c>.fvecs</c> file.</summary>
    /// <exception cref="InvalidInputException">When the file is empty, a row's dimension differs from the first row's (the message names the row), or the file ends inside a row.</exception>
    public static VectorMatrix ReadFvecs(string path)
    {
        var (rows, dimension, data) = Read<float>(path, sizeof(float), static (bytes, values) =>
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), MemoryMarshal.Cast<float, int>(values));
        });
        return new VectorMatrix(rows, dimension, data);
    }

    /// <summary>Reads a <c>.bvecs</c> file; each byte becomes a float (0..255).</summary>
    /// <exception cref="InvalidInputException">As for <see cref="ReadFvecs"/>.</exception>
    public static VectorMatrix ReadBvecs(string path)
    {
        var (rows, dimension, data) = Read<float>(path, sizeof(byte), static (bytes, values) =>
        {
            for (int i = 0; i < bytes.Length; i++) values[i] = bytes[i];
        });
        return new VectorMatrix(rows, dimension, data);
    }

    /// <summary>Reads an <c>.ivecs</c> file.</summary>
    /// <exception cref="InvalidInputException">As for <see cref="ReadFvecs"/>.</exception>
    public static IntMatrix ReadIvecs(string path)
    {
        var (rows, dimension, data) = Read<int>(path, sizeof(int), static (bytes, values) =>
        {
            MemoryMarshal.Cast<byte, int>(bytes).CopyTo(values);
            if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(values, values);
        });
        return new IntMatrix(rows, dimension, data);
    }

    private delegate void Convert<T>(ReadOnlySpan<byte> bytes, Span<T> values);

    private static (int Rows, int Dimension, T[] Data) Read<T>(string path, int elementSize, Convert<T> convert)
    {
        using Stream stream = InputFile.OpenRead(path);
        long? fileLength = stream is FileStream file ? file.Length : null;
        Span<byte> head = stackalloc byte[sizeof(int)];
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (got == 0) ThrowHelper.InvalidInput("empty file: expected at least one vector", path);
        if (got < head.Length) ThrowHelper.InvalidInput($"truncated: row 0 ends inside its 4-byte dimension header", path, field: "dimension");
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (dimension <= 0 || dimension > MaxDimension)
            ThrowHelper.InvalidInput($"row 0: expected a dimension header in 1..{MaxDimension}, found {dimension} (is this a {Path.GetExtension(path)} file?)", path, field: "dimension");

        int rowBytes = sizeof(int) + dimension * elementSize;
        long maxRows = Array.MaxLength / dimension;
        int capacity = fileLength is long length ? (int)Math.Min(maxRows, Math.Max(1, length / rowBytes)) : 1024;
        T[] data = GC.AllocateUninitializedArray<T>(capacity * dimension);
        int chunkRows = Math.Max(1, (1 << 20) / rowBytes);
        byte[] buffer = new byte[chunkRows * rowBytes];

        // Row 0's header is already read: read its values, then whole rows.
        if (stream.ReadAtLeast(buffer.AsSpan(0, rowBytes - sizeof(int)), rowBytes - sizeof(int), throwOnEndOfStream: false) < rowBytes - sizeof(int))
            Truncated(0);
        convert(buffer.AsSpan(0, rowBytes - sizeof(int)), data.AsSpan(0, dimension));
        int rows = 1;
        while (true)
        {
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read == 0) break;
            int whole = read / rowBytes;
            for (int r = 0; r < whole; r++)
            {
                ReadOnlySpan<byte> row = buffer.AsSpan(r * rowBytes, rowBytes);
                int d = BinaryPrimitives.ReadInt32LittleEndian(row);
                if (d != dimension)
                    ThrowHelper.InvalidInput($"row {rows}: dimension header says {d}, expected {dimension} like row 0; every row must have the same dimension", path, field: "dimension");
                if (rows == capacity)
                {
                    if (rows >= maxRows)
                        ThrowHelper.InvalidInput($"more than {maxRows} rows of dimension {dimension} do not fit in one array", path);
                    capacity = (int)Math.Min(maxRows, 2L * capacity);
                    Array.Resize(ref data, capacity * dimension);
                }
                convert(row[sizeof(int)..], data.AsSpan(rows * dimension, dimension));
                rows++;
            }
            if (read % rowBytes != 0) Truncated(rows);
        }
        if (rows * dimension != data.Length) Array.Resize(ref data, rows * dimension);
        return (rows, dimension, data);

        void Truncated(int row) => ThrowHelper.InvalidInput(
            $"truncated: the file ends inside row {row}; each row is {rowBytes} bytes (a 4-byte dimension header and {dimension} × {elementSize}-byte values)", path);
    }
}
