using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Embedkit.IO;
using Microsoft.Win32.SafeHandles;

namespace Embedkit.Search;

/// <summary>
/// Saves and loads indexes: Embedkit's index file, <c>.eki</c>. Self-describing, versioned, little-endian,
/// with the vector data aligned to 64 bytes and XxHash3-64 checksums over the header and the payload, as
/// <see cref="EmbeddingFile"/> does for embeddings.
/// </summary>
/// <remarks>
/// Version 1 layout (all integers little-endian):
/// <code>
/// offset size field
///      0    8 magic "EKVINDEX"
///      8    4 version          uint32 = 1
///     12    4 flags            uint32 = 0 (no flags are defined in version 1)
///     16    4 metric           uint32: 0 = l2, 1 = ip, 2 = cosine
///     20    4 dimension        int32  values per vector (&gt; 0)
///     24    8 count            int64  vectors
///     32    4 kind length      uint32 bytes of the kind, 1..64
///     36   64 kind             ASCII factory string ("Flat"), zero-padded
///    100    4 reserved, zero
///    104    8 payload length   int64  = file length − 128
///    112    8 payload checksum uint64 XxHash3-64 of every byte after the header
///    120    8 header checksum  uint64 XxHash3-64 of bytes 0..119
///    128      payload, laid out by the kind. "Flat":
///             ids: count × int64, in storage order
///             zero padding up to a multiple of 64 bytes from the start of the file
///             vectors: count × dimension float32, row-major, in the same order (under cosine, as
///             stored: normalised to unit length); the file ends here
///             "HNSW16" (and "HNSW", which earlier versions wrote): parameters (M, efConstruction, seed),
///             ids, levels, links, then the vectors; "HNSW32,SQ8" (optionally ",Refine(Flat)"): the same
///             graph, then a codec section instead of the vectors; see docs/formats.md
///             codec kinds ("SQ8", "PQ16", "BIN2,Refine(Flat)", ...): ids, codec parameters, codes, then the
///             refine part; see VectorIndexFile.Codecs.cs and docs/formats.md
///             IVF kinds ("IVF1024,Flat", "IVF1024,PQ16", "IVF256,SQ8,Refine(Flat)", ...): IVF parameters,
///             centroids, list sizes, ids, then vectors or the codec section, then the refine part; see
///             VectorIndexFile.Ivf.cs and docs/formats.md
/// </code>
/// A reader refuses a wrong magic, an unknown version, flag, metric or kind, any header field out of
/// range, a length that differs from what the header says (truncated or trailing bytes), a repeated id,
/// and any checksum mismatch.
/// </remarks>
public static partial class VectorIndexFile
{
    /// <summary>The file extension, <c>.eki</c>.</summary>
    public const string Extension = ".eki";

    /// <summary>The format version this library writes.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Size of the fixed header in bytes.</summary>
    public const int HeaderSize = 128;

    /// <summary>Alignment of the vector data in bytes.</summary>
    public const int DataAlignment = 64;

    /// <summary>Longest kind (factory string) a header holds, in bytes.</summary>
    public const int MaxKindLength = 64;

    /// <summary>The kind of a <see cref="FlatIndex"/>.</summary>
    public const string FlatKind = "Flat";

    private static ReadOnlySpan<byte> Magic => "EKVINDEX"u8;

    private const int KindOffset = 36;
    private const int HeaderChecksumOffset = 120;

    /// <summary>
    /// Writes <paramref name="index"/> to <paramref name="path"/> atomically (a temporary file in the same
    /// folder, then renamed over the target).
    /// </summary>
    /// <exception cref="InvalidInputException">When the folder does not exist, or the index kind cannot be saved yet.</exception>
    public static void Write(string path, IVectorIndex index)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(index);
        if (TryWriteHnsw(path, index)) return;
        if (TryWriteCodecIndex(path, index) || TryWriteIvfIndex(path, index)) return;
        if (index is not FlatIndex flat)
        {
            ThrowHelper.InvalidInput($"cannot save an index of type {index.GetType().Name}: this version saves {FlatKind}, HNSW, codec and IVF indexes", path, field: "kind");
            return;
        }
        AtomicFile.Write(path, stream => WriteFlat(stream, flat));
    }

    /// <summary>
    /// Reads an index file. The header is always verified; the payload checksum is verified while reading
    /// unless <paramref name="verifyChecksum"/> is false.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// When the file is missing, is not an index file, has an unknown version or kind, is truncated or has
    /// trailing bytes, or fails a checksum. The message names the file and what is wrong.
    /// </exception>
    public static IVectorIndex Read(string path, bool verifyChecksum = true)
    {
        using FileStream file = InputFile.OpenFile(path);
        VectorIndexFileHeader header = ReadHeaderCore(file.SafeFileHandle, path);
        if (IsHnswKind(header.Kind)) return ReadHnsw(file.SafeFileHandle, header, path, verifyChecksum);
        if (IsIvfKind(header.Kind)) return ReadIvfIndex(file.SafeFileHandle, header, path, verifyChecksum);
        if (header.Kind != FlatKind) return ReadCodecIndex(file.SafeFileHandle, header, path, verifyChecksum);
        return ReadFlat(file.SafeFileHandle, header, path, verifyChecksum);
    }

    /// <summary>Reads and checks the header of an index file without reading its payload.</summary>
    /// <exception cref="InvalidInputException">As for <see cref="Read"/>, except that the payload is not checked.</exception>
    public static VectorIndexFileHeader ReadHeader(string path)
    {
        using FileStream file = InputFile.OpenFile(path);
        return ReadHeaderCore(file.SafeFileHandle, path);
    }

    private static void WriteFlat(Stream stream, FlatIndex index)
    {
        int count = index.Count, d = index.Dimension;
        long idsEnd = HeaderSize + (long)count * sizeof(long);
        long dataOffset = AlignUp(idsEnd);
        long payloadLength = dataOffset - HeaderSize + (long)count * d * sizeof(float);
        var hash = new XxHash3();

        stream.Write(new byte[HeaderSize]);
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = index.IdAt(i);
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);
        ReadOnlySpan<byte> idBytes = MemoryMarshal.AsBytes(ids.AsSpan());
        hash.Append(idBytes);
        stream.Write(idBytes);
        Span<byte> padding = stackalloc byte[DataAlignment];
        padding.Clear();
        padding = padding[..(int)(dataOffset - idsEnd)];
        hash.Append(padding);
        stream.Write(padding);

        int rowsPerChunk = Math.Max(1, (1 << 18) / d);
        var chunk = new float[rowsPerChunk * d];
        for (int first = 0; first < count; first += rowsPerChunk)
        {
            int rows = Math.Min(rowsPerChunk, count - first);
            for (int r = 0; r < rows; r++) index.CopySlot(first + r, chunk.AsSpan(r * d, d));
            FloatIO.Write(stream, chunk.AsSpan(0, rows * d), hash);
        }

        byte[] header = new byte[HeaderSize];
        Span<byte> h = header;
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)index.Metric);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], d);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(h[32..], (uint)FlatKind.Length);
        Encoding.ASCII.GetBytes(FlatKind, h[KindOffset..]);
        BinaryPrimitives.WriteInt64LittleEndian(h[104..], payloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[112..], hash.GetCurrentHashAsUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(h[HeaderChecksumOffset..], XxHash3.HashToUInt64(h[..HeaderChecksumOffset]));
        stream.Position = 0;
        stream.Write(header);
        stream.Position = stream.Length;
    }

    private static FlatIndex ReadFlat(SafeFileHandle handle, VectorIndexFileHeader header, string path, bool verifyChecksum)
    {
        int count = (int)header.Count, d = header.Dimension;
        long idsEnd = HeaderSize + (long)count * sizeof(long);
        long dataOffset = AlignUp(idsEnd);
        Int128 expected = dataOffset - HeaderSize + (Int128)count * d * sizeof(float);
        if (header.PayloadLength != expected)
            ThrowHelper.InvalidInput(
                $"invalid header: a {FlatKind} index of {count} × {d} needs a payload of {expected} bytes ({count} int64 ids, padding to {DataAlignment}, {count} × {d} float32), the header says {header.PayloadLength}",
                path, field: "payload length");
        if ((long)count * d > Array.MaxLength)
            ThrowHelper.InvalidInput($"{count} × {d} values do not fit in one array (at most {Array.MaxLength})", path);

        XxHash3? hash = verifyChecksum ? new XxHash3() : null;
        byte[] prefix = new byte[dataOffset - HeaderSize];
        if (ReadAt(handle, prefix, HeaderSize) < prefix.Length)
            ThrowHelper.InvalidInput($"truncated: the file ended inside the ids (it had {header.FileLength} bytes when opened)", path);
        hash?.Append(prefix);
        var ids = new long[count];
        MemoryMarshal.AsBytes(prefix.AsSpan(0, count * sizeof(long))).CopyTo(MemoryMarshal.AsBytes(ids.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);

        float[] data = GC.AllocateUninitializedArray<float>(count * d);
        if (!FloatIO.Read(handle, dataOffset, data, hash))
            ThrowHelper.InvalidInput($"truncated: the file ended inside the vectors (it had {header.FileLength} bytes when opened)", path);
        if (hash is not null && hash.GetCurrentHashAsUInt64() != header.PayloadChecksum)
            ThrowHelper.InvalidInput(
                $"checksum mismatch in payload: file is corrupted (expected XxHash3 {header.PayloadChecksum:x16}, found {hash.GetCurrentHashAsUInt64():x16})",
                path, field: "payload");

        var seen = new HashSet<long>(count);
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == VectorChecks.NoId || !seen.Add(ids[i]))
                ThrowHelper.InvalidInput($"ids: vector {i} has {(ids[i] == VectorChecks.NoId ? "the reserved id −1" : $"id {ids[i]}, which an earlier vector has")}; the file is corrupted", path, field: "ids");
        }
        var index = new FlatIndex(d, header.Metric);
        index.AddUnchecked(ids, data, normalize: false);
        return index;
    }

    private static VectorIndexFileHeader ReadHeaderCore(SafeFileHandle handle, string path)
    {
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> h = stackalloc byte[HeaderSize];
        int got = ReadAt(handle, h, 0);
        if (got < Magic.Length || !h[..Magic.Length].SequenceEqual(Magic))
            ThrowHelper.InvalidInput(
                $"not an index file: expected the magic \"EKVINDEX\", found {(got == 0 ? "an empty file" : $"\"{Printable(h[..Math.Min(got, Magic.Length)])}\"")}",
                path, field: "magic");
        if (got < HeaderSize)
            ThrowHelper.InvalidInput($"truncated: an index header needs {HeaderSize} bytes, file has {fileLength}", path);

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
        if (version != CurrentVersion)
            ThrowHelper.InvalidInput($"unsupported index file version: expected {CurrentVersion}, found {version} (written by a newer Embedkit?)", path, field: "version");
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(h[HeaderChecksumOffset..]);
        ulong actualHeaderChecksum = XxHash3.HashToUInt64(h[..HeaderChecksumOffset]);
        if (headerChecksum != actualHeaderChecksum)
            ThrowHelper.InvalidInput($"checksum mismatch in header: file is corrupted (expected XxHash3 {headerChecksum:x16}, found {actualHeaderChecksum:x16})", path, field: "header");

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
        uint metric = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(h[20..]);
        long count = BinaryPrimitives.ReadInt64LittleEndian(h[24..]);
        uint kindLength = BinaryPrimitives.ReadUInt32LittleEndian(h[32..]);
        uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(h[100..]);
        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(h[104..]);
        ulong payloadChecksum = BinaryPrimitives.ReadUInt64LittleEndian(h[112..]);

        if (flags != 0) Bad($"flags: expected 0 in version 1, found 0x{flags:x8}", "flags");
        if (!Enum.IsDefined((Metric)metric)) Bad($"metric: expected 0 (l2), 1 (ip) or 2 (cosine), found {metric}", "metric");
        if (dimension <= 0) Bad($"dimension: expected a positive number, found {dimension}", "dimension");
        if (count < 0 || count > int.MaxValue) Bad($"count: expected 0..{int.MaxValue}, found {count}", "count");
        if (kindLength is 0 or > MaxKindLength) Bad($"kind length: expected 1..{MaxKindLength}, found {kindLength}", "kind");
        ReadOnlySpan<byte> kindBytes = h.Slice(KindOffset, (int)kindLength);
        if (kindBytes.ContainsAnyExceptInRange((byte)0x20, (byte)0x7e) || h[(KindOffset + (int)kindLength)..(KindOffset + MaxKindLength)].ContainsAnyExcept((byte)0))
            Bad("kind: expected printable ASCII padded with zeros", "kind");
        string kind = Encoding.ASCII.GetString(kindBytes);
        if (reserved != 0) Bad($"reserved bytes 100..103: expected 0, found 0x{reserved:x8}", "reserved");
        if (kind != FlatKind && !IsHnswKind(kind) && !IsCodecKind(kind) && !IsIvfKind(kind))
            ThrowHelper.InvalidInput($"unsupported index kind '{kind}': this version of Embedkit reads {FlatKind}, HNSW<M> (and the earlier {HnswKind}), HNSW<M>,<codec>, codec indexes (F16, SQ8, PQ<m>, BIN<b>, optionally with ,Refine(<storage>)) and IVF indexes (IVF<lists>,<storage>, optionally with ,Refine(<storage>))", path, field: "kind");
        if (payloadLength != fileLength - HeaderSize)
        {
            string what = payloadLength > fileLength - HeaderSize ? "truncated" : "unexpected trailing bytes";
            ThrowHelper.InvalidInput(
                $"{what}: header says {payloadLength} bytes after the {HeaderSize}-byte header, so the file should have {HeaderSize + payloadLength} bytes; file has {fileLength}",
                path, field: "file length");
        }
        return new VectorIndexFileHeader(version, kind, (Metric)metric, dimension, count, payloadLength, payloadChecksum, fileLength);

        void Bad(string message, string field) => ThrowHelper.InvalidInput($"invalid header: {message}", path, field: field);
    }

    private static long AlignUp(long offset) => (offset + DataAlignment - 1) / DataAlignment * DataAlignment;

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes) sb.Append(b is >= 0x20 and < 0x7f ? (char)b : $"\\x{b:x2}");
        return sb.ToString();
    }

    private static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[filled..], offset + filled);
            if (n == 0) break;
            filled += n;
        }
        return filled;
    }
}
