using System.Buffers.Binary;

namespace Embedkit.IO;

/// <summary>
/// The idx format of MNIST and Fashion-MNIST (<c>train-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>,
/// optionally gzipped): a magic of two zero bytes, a type byte and a dimension count, then each dimension as
/// a big-endian int32, then the values, big-endian. The first dimension is the row (image) count; the rest
/// are flattened into one vector per row (28 × 28 images become 784-dimensional vectors).
/// </summary>
public static class IdxFormat
{
    /// <summary>Reads an idx file of any value type as float rows.</summary>
    /// <exception cref="InvalidInputException">When the magic or type is unknown, or the data is shorter or longer than the dimensions say.</exception>
    public static VectorMatrix ReadVectors(string path)
    {
        using Stream stream = InputFile.OpenRead(path);
        var (type, rows, columns) = ReadHeader(stream, path);
        float[] data = GC.AllocateUninitializedArray<float>(checked(rows * columns));
        ReadValues(stream, path, type, rows, columns, data, static (b, at) => b[at], static (v, at) => (float)v[at]);
        return new VectorMatrix(rows, columns, data);
    }

    /// <summary>Reads an idx file of integers (labels are idx1: one column) as int rows.</summary>
    /// <exception cref="InvalidInputException">As for <see cref="ReadVectors"/>, and when the values are floating-point.</exception>
    public static IntMatrix ReadIntegers(string path)
    {
        using Stream stream = InputFile.OpenRead(path);
        var (type, rows, columns) = ReadHeader(stream, path);
        if (type is 0x0D or 0x0E)
            ThrowHelper.InvalidInput($"expected integer values, found {TypeName(type)}; read it as vectors instead", path, field: "type");
        int[] data = GC.AllocateUninitializedArray<int>(checked(rows * columns));
        ReadValues(stream, path, type, rows, columns, data, static (b, at) => b[at], static (v, at) => (int)v[at]);
        return new IntMatrix(rows, columns, data);
    }

    private static (byte Type, int Rows, int Columns) ReadHeader(Stream stream, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4 || magic[0] != 0 || magic[1] != 0)
            ThrowHelper.InvalidInput(
                $"not an idx file: expected the magic 00 00 <type> <dimensions>, found {(got == 0 ? "an empty file" : Convert.ToHexString(magic[..got]).ToLowerInvariant())}",
                path, field: "magic");
        byte type = magic[2];
        int ndims = magic[3];
        if (ElementSize(type) == 0)
            ThrowHelper.InvalidInput($"unsupported idx type 0x{type:x2}: expected 08 (ubyte), 09 (byte), 0b (int16), 0c (int32), 0d (float32) or 0e (float64)", path, field: "type");
        if (ndims == 0)
            ThrowHelper.InvalidInput("expected at least one dimension, found 0", path, field: "dimensions");
        Span<byte> dims = stackalloc byte[4 * ndims];
        if (stream.ReadAtLeast(dims, dims.Length, throwOnEndOfStream: false) < dims.Length)
            ThrowHelper.InvalidInput($"truncated: the header says {ndims} dimensions, the file ends inside them", path, field: "dimensions");
        long rows = BinaryPrimitives.ReadInt32BigEndian(dims);
        long columns = 1;
        for (int i = 1; i < ndims; i++) columns *= BinaryPrimitives.ReadInt32BigEndian(dims[(4 * i)..]);
        if (rows < 0 || columns <= 0 || rows * columns > Array.MaxLength)
            ThrowHelper.InvalidInput($"unsupported shape: expected rows ≥ 0 and columns ≥ 1 with at most {Array.MaxLength} values, found {rows} × {columns}", path, field: "dimensions");
        return (type, (int)rows, (int)columns);
    }

    private static void ReadValues<T>(Stream stream, string path, byte type, int rows, int columns, T[] data,
        Func<byte[], int, T> fromByte, Func<double[], int, T> fromNumber)
    {
        int size = ElementSize(type);
        long expected = (long)rows * columns * size;
        byte[] buffer = new byte[1 << 20];
        double[] numbers = new double[buffer.Length / size];
        long done = 0;
        while (done < data.Length)
        {
            int want = (int)Math.Min(buffer.Length / size, data.Length - done);
            int read = stream.ReadAtLeast(buffer.AsSpan(0, want * size), want * size, throwOnEndOfStream: false);
            if (read < want * size)
                ThrowHelper.InvalidInput(
                    $"truncated: the header says {rows} × {columns} {TypeName(type)} = {expected} bytes of data, the file has {done * size + read}",
                    path);
            if (type == 0x08)
            {
                for (int i = 0; i < want; i++) data[done + i] = fromByte(buffer, i);
            }
            else
            {
                Decode(buffer, type, want, numbers);
                for (int i = 0; i < want; i++) data[done + i] = fromNumber(numbers, i);
            }
            done += want;
        }
        // Reading to the end also makes a gzip stream check its trailer.
        if (stream.Read(buffer) > 0)
            ThrowHelper.InvalidInput($"unexpected trailing bytes: the header says {rows} × {columns} {TypeName(type)} = {expected} bytes of data, the file has more", path);
    }

    private static void Decode(byte[] bytes, byte type, int count, double[] values)
    {
        ReadOnlySpan<byte> b = bytes;
        for (int i = 0; i < count; i++)
        {
            values[i] = type switch
            {
                0x09 => (sbyte)b[i],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(b[(2 * i)..]),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(b[(4 * i)..]),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(b[(4 * i)..]),
                _ => BinaryPrimitives.ReadDoubleBigEndian(b[(8 * i)..]),
            };
        }
    }

    private static int ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,
        0x0B => 2,
        0x0C or 0x0D => 4,
        0x0E => 8,
        _ => 0,
    };

    private static string TypeName(byte type) => type switch
    {
        0x08 => "ubyte",
        0x09 => "byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        _ => "float64",
    };
}
