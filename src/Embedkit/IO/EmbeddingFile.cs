using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Embedkit.IO;

/// <summary>
/// Embedkit's own embedding file, <c>.ekv</c>: self-describing, versioned, little-endian, with the data
/// block aligned to 64 bytes and XxHash3-64 checksums over the header, the ids + provenance, and the data.
/// </summary>
/// <remarks>
/// Version 1 layout (all integers little-endian):
/// <code>
/// offset size field
///      0    8 magic "EKVEMB\0\0"
///      8    4 version          uint32 = 1
///     12    4 flags            uint32 = 0 (no flags are defined in version 1)
///     16    8 count            int64  rows
///     24    4 dimension        int32  values per row (&gt; 0)
///     28    4 dtype            uint32 = 1 (float32)
///     32    8 ids offset       int64  = 128
///     40    8 ids length       int64  bytes
///     48    8 provenance offset int64 = ids offset + ids length
///     56    8 provenance length int64 bytes of UTF-8 JSON
///     64    8 data offset      int64  = provenance end rounded up to a multiple of 64
///     72    8 data length      int64  = count × dimension × 4
///     80    8 meta checksum    uint64 XxHash3-64 of the ids block followed by the provenance block
///     88    8 data checksum    uint64 XxHash3-64 of the data block
///     96   24 reserved, zero
///    120    8 header checksum  uint64 XxHash3-64 of bytes 0..119
///    128      ids block: per id an int32 byte length, then that many UTF-8 bytes
///             provenance block: {"method","parameters":[{"name","value"}…],"seed","source","created_utc"}
///             zero padding up to the data offset
///             data block: count × dimension float32, row-major; the file ends here
/// </code>
/// A reader refuses any mismatch between the header and the file length, a wrong magic, an unknown
/// version, flag or dtype, and any checksum mismatch.
/// </remarks>
public static partial class EmbeddingFile
{
    /// <summary>The file extension, <c>.ekv</c>.</summary>
    public const string Extension = ".ekv";

    /// <summary>The format version this library writes.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Size of the fixed header in bytes.</summary>
    public const int HeaderSize = 128;

    /// <summary>Alignment of the data block in bytes.</summary>
    public const int DataAlignment = 64;

    private static ReadOnlySpan<byte> Magic => "EKVEMB\0\0"u8;

    private const int HeaderChecksumOffset = 120;

    /// <summary>
    /// Writes <paramref name="set"/> to <paramref name="path"/> atomically: into a temporary file in the
    /// same folder, then renamed over the target, so a failure leaves no half-written file.
    /// </summary>
    /// <exception cref="InvalidInputException">When the folder does not exist or an id is not valid Unicode.</exception>
    public static void Write(string path, EmbeddingSet set) => Write(path, set, DateTimeOffset.UtcNow);

    /// <summary>As <see cref="Write(string, EmbeddingSet)"/> with a given creation time (for reproducible test files).</summary>
    internal static void Write(string path, EmbeddingSet set, DateTimeOffset createdUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(set);

        WriteParts(path, set.Ids, set.Dimension, set.Provenance, FloatIO.Hash(set.Data), stream => FloatIO.Write(stream, set.Data), createdUtc);
    }

    /// <summary>
    /// Writes a file whose data block (<paramref name="ids"/>.Count × <paramref name="dimension"/> floats, with
    /// XxHash3-64 <paramref name="dataHash"/>) comes from <paramref name="writeData"/>, so the rows need not be in memory.
    /// </summary>
    internal static void WriteParts(string path, IReadOnlyList<string> ids, int dimension, Provenance provenance, ulong dataHash,
        Action<Stream> writeData, DateTimeOffset createdUtc)
    {
        byte[] idBlock = EncodeIds(ids, path);
        byte[] provenanceBlock = ProvenanceJson.Serialize(provenance, createdUtc);
        long idsOffset = HeaderSize;
        long provenanceOffset = idsOffset + idBlock.Length;
        long dataOffset = AlignUp(provenanceOffset + provenanceBlock.Length);
        long dataLength = (long)ids.Count * dimension * sizeof(float);

        var meta = new XxHash3();
        meta.Append(idBlock);
        meta.Append(provenanceBlock);

        byte[] header = new byte[HeaderSize];
        Span<byte> h = header;
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], ids.Count);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], dimension);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)EmbeddingDataType.Float32);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], idsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], idBlock.Length);
        BinaryPrimitives.WriteInt64LittleEndian(h[48..], provenanceOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[56..], provenanceBlock.Length);
        BinaryPrimitives.WriteInt64LittleEndian(h[64..], dataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[72..], dataLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[80..], meta.GetCurrentHashAsUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(h[88..], dataHash);
        BinaryPrimitives.WriteUInt64LittleEndian(h[HeaderChecksumOffset..], XxHash3.HashToUInt64(h[..HeaderChecksumOffset]));

        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(idBlock);
            stream.Write(provenanceBlock);
            Span<byte> padding = stackalloc byte[DataAlignment];
            padding.Clear();
            stream.Write(padding[..(int)(dataOffset - provenanceOffset - provenanceBlock.Length)]);
            long before = stream.CanSeek ? stream.Position : -1;
            writeData(stream);
            if (before >= 0 && stream.Position - before != dataLength)
                throw new InvalidOperationException($"the data block has {stream.Position - before} bytes, expected {dataLength}");
        });
    }

    private static byte[] EncodeIds(IReadOnlyList<string> ids, string path)
    {
        long total = 0;
        for (int i = 0; i < ids.Count; i++)
        {
            string id = ids[i] ?? ThrowHelper.InvalidInput<string>($"row {i}: expected an id, found null", path, field: "id");
            IdRules.RequireValidUtf16(id, i, path);
            total += sizeof(int) + InputFile.StrictUtf8.GetByteCount(id);
        }
        if (total > Array.MaxLength)
            ThrowHelper.InvalidInput($"ids take {total} bytes; this writer supports at most {Array.MaxLength}", path, field: "id");
        byte[] block = new byte[total];
        int at = 0;
        foreach (string id in ids)
        {
            int n = InputFile.StrictUtf8.GetBytes(id, block.AsSpan(at + sizeof(int)));
            BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(at), n);
            at += sizeof(int) + n;
        }
        return block;
    }

    private static long AlignUp(long offset) => (offset + DataAlignment - 1) / DataAlignment * DataAlignment;

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes) sb.Append(sb.Length == 0 ? "" : " ").Append(b.ToString("x2"));
        return sb.ToString();
    }
}
