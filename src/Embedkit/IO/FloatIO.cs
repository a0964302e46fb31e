using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Embedkit.IO;

/// <summary>
/// Moves float32 rows between memory and little-endian files in large chunks, optionally feeding an
/// XxHash3 as it goes (so a checksum costs no second pass over memory).
/// </summary>
internal static class FloatIO
{
    /// <summary>Floats per chunk: 1 MiB of bytes, small enough to stay in cache while it is hashed.</summary>
    private const int ChunkFloats = 1 << 18;

    /// <summary>Writes <paramref name="values"/> as little-endian float32.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> values, XxHash3? hash = null)
    {
        float[]? swapped = BitConverter.IsLittleEndian ? null : new float[Math.Min(ChunkFloats, values.Length)];
        while (!values.IsEmpty)
        {
            ReadOnlySpan<float> chunk = values[..Math.Min(ChunkFloats, values.Length)];
            if (swapped is not null)
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(chunk), MemoryMarshal.Cast<float, int>(swapped.AsSpan()));
                chunk = swapped.AsSpan(0, chunk.Length);
            }
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(chunk);
            hash?.Append(bytes);
            stream.Write(bytes);
            values = values[chunk.Length..];
        }
    }

    /// <summary>The XxHash3-64 of <paramref name="values"/> as little-endian bytes.</summary>
    public static ulong Hash(ReadOnlySpan<float> values)
    {
        var hash = new XxHash3();
        Write(Stream.Null, values, hash);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>
    /// Fills <paramref name="values"/> from little-endian float32 at <paramref name="offset"/> of the file;
    /// returns false when the file ends first.
    /// </summary>
    public static bool Read(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, Span<float> values, XxHash3? hash = null)
    {
        while (!values.IsEmpty)
        {
            Span<float> chunk = values[..Math.Min(ChunkFloats, values.Length)];
            Span<byte> bytes = MemoryMarshal.AsBytes(chunk);
            int filled = 0;
            while (filled < bytes.Length)
            {
                int n = RandomAccess.Read(file, bytes[filled..], offset + filled);
                if (n == 0) return false;
                filled += n;
            }
            hash?.Append(bytes);
            FromLittleEndian(chunk);
            offset += bytes.Length;
            values = values[chunk.Length..];
        }
        return true;
    }

    /// <summary>Fills <paramref name="values"/> from a stream of little-endian float32; false when it ends first.</summary>
    public static bool Read(Stream stream, Span<float> values)
    {
        while (!values.IsEmpty)
        {
            Span<float> chunk = values[..Math.Min(ChunkFloats, values.Length)];
            Span<byte> bytes = MemoryMarshal.AsBytes(chunk);
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length) return false;
            FromLittleEndian(chunk);
            values = values[chunk.Length..];
        }
        return true;
    }

    private static void FromLittleEndian(Span<float> values)
    {
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), MemoryMarshal.Cast<float, int>(values));
    }
}
