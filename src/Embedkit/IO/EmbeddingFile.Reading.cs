using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Embedkit.IO;

public static partial class EmbeddingFile
{
    /// <summary>
    /// Reads an <c>.ekv</c> file. The header and the ids + provenance checksums are always verified; the
    /// data checksum is verified (while reading, at memory speed) unless <paramref name="verifyChecksum"/> is false.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// When the file is missing, is not an <c>.ekv</c> file, has an unknown version, is truncated or has
    /// trailing bytes, or fails a checksum. The message names the file and what is wrong.
    /// </exception>
    public static EmbeddingSet Read(string path, bool verifyChecksum = true)
    {
        using FileStream file = InputFile.OpenFile(path);
        EmbeddingFileHeader header = ReadHeaderCore(file, path);
        if (header.Count * (long)header.Dimension > Array.MaxLength)
            ThrowHelper.InvalidInput($"{header.Count} × {header.Dimension} values do not fit in one array (at most {Array.MaxLength})", path);

        float[] data = GC.AllocateUninitializedArray<float>(checked((int)(header.Count * header.Dimension)));
        XxHash3? hash = verifyChecksum ? new XxHash3() : null;
        if (!FloatIO.Read(file.SafeFileHandle, header.DataOffset, data, hash))
            ThrowHelper.InvalidInput($"truncated: the file ended inside the data block (it had {header.FileLength} bytes when opened)", path);
        if (hash is not null && hash.GetCurrentHashAsUInt64() != header.DataChecksum)
            ThrowHelper.InvalidInput(
                $"checksum mismatch in data block: file is corrupted (expected XxHash3 {header.DataChecksum:x16}, found {hash.GetCurrentHashAsUInt64():x16})",
                path, field: "data");
        return new EmbeddingSet(header.Ids, header.Dimension, data, header.Provenance);
    }

    /// <summary>
    /// Reads the header, ids and provenance of an <c>.ekv</c> file without reading its data block, and
    /// checks that the file length matches what the header says.
    /// </summary>
    /// <exception cref="InvalidInputException">As for <see cref="Read"/>, except that the data checksum is not verified.</exception>
    public static EmbeddingFileHeader ReadHeader(string path)
    {
        using FileStream file = InputFile.OpenFile(path);
        return ReadHeaderCore(file, path);
    }

    /// <summary>
    /// Verifies every checksum of an <c>.ekv</c> file, streaming the data block in chunks (memory use is
    /// constant, whatever the file size), and returns its header.
    /// </summary>
    /// <exception cref="InvalidInputException">As for <see cref="Read"/>.</exception>
    public static EmbeddingFileHeader Verify(string path)
    {
        using FileStream file = InputFile.OpenFile(path);
        EmbeddingFileHeader header = ReadHeaderCore(file, path);
        var hash = new XxHash3();
        byte[] buffer = new byte[1 << 20];
        for (long at = 0; at < header.DataLength;)
        {
            int want = (int)Math.Min(buffer.Length, header.DataLength - at);
            int got = ReadAt(file.SafeFileHandle, buffer.AsSpan(0, want), header.DataOffset + at);
            if (got < want)
                ThrowHelper.InvalidInput($"truncated: the file ended inside the data block (it had {header.FileLength} bytes when opened)", path);
            hash.Append(buffer.AsSpan(0, got));
            at += got;
        }
        if (hash.GetCurrentHashAsUInt64() != header.DataChecksum)
            ThrowHelper.InvalidInput(
                $"checksum mismatch in data block: file is corrupted (expected XxHash3 {header.DataChecksum:x16}, found {hash.GetCurrentHashAsUInt64():x16})",
                path, field: "data");
        return header;
    }

    private static EmbeddingFileHeader ReadHeaderCore(FileStream file, string path)
    {
        SafeFileHandle handle = file.SafeFileHandle;
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> h = stackalloc byte[HeaderSize];
        int got = ReadAt(handle, h, 0);

        if (got < Magic.Length || !h[..Magic.Length].SequenceEqual(Magic))
            ThrowHelper.InvalidInput(
                $"not an .ekv file: expected magic {Hex(Magic)} (\"EKVEMB\\0\\0\"), found {(got == 0 ? "an empty file" : Hex(h[..Math.Min(got, Magic.Length)]))}",
                path, field: "magic");
        if (got < HeaderSize)
            ThrowHelper.InvalidInput($"truncated: an .ekv header needs {HeaderSize} bytes, file has {fileLength}", path);

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
        if (version != CurrentVersion)
            ThrowHelper.InvalidInput($"unsupported .ekv version: expected {CurrentVersion}, found {version} (written by a newer Embedkit?)", path, field: "version");
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(h[HeaderChecksumOffset..]);
        ulong actualHeaderChecksum = XxHash3.HashToUInt64(h[..HeaderChecksumOffset]);
        if (headerChecksum != actualHeaderChecksum)
            ThrowHelper.InvalidInput($"checksum mismatch in header: file is corrupted (expected XxHash3 {headerChecksum:x16}, found {actualHeaderChecksum:x16})", path, field: "header");

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
        long count = BinaryPrimitives.ReadInt64LittleEndian(h[16..]);
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(h[24..]);
        uint dtype = BinaryPrimitives.ReadUInt32LittleEndian(h[28..]);
        long idsOffset = BinaryPrimitives.ReadInt64LittleEndian(h[32..]);
        long idsLength = BinaryPrimitives.ReadInt64LittleEndian(h[40..]);
        long provenanceOffset = BinaryPrimitives.ReadInt64LittleEndian(h[48..]);
        long provenanceLength = BinaryPrimitives.ReadInt64LittleEndian(h[56..]);
        long dataOffset = BinaryPrimitives.ReadInt64LittleEndian(h[64..]);
        long dataLength = BinaryPrimitives.ReadInt64LittleEndian(h[72..]);
        ulong metaChecksum = BinaryPrimitives.ReadUInt64LittleEndian(h[80..]);
        ulong dataChecksum = BinaryPrimitives.ReadUInt64LittleEndian(h[88..]);

        if (flags != 0) Bad($"flags: expected 0 in version 1, found 0x{flags:x8}", "flags");
        if (dtype != (uint)EmbeddingDataType.Float32) Bad($"dtype: expected {(uint)EmbeddingDataType.Float32} (float32), found {dtype}", "dtype");
        if (dimension <= 0) Bad($"dimension: expected a positive number, found {dimension}", "dimension");
        if (count < 0 || count > int.MaxValue) Bad($"count: expected 0..{int.MaxValue}, found {count}", "count");
        if (idsOffset != HeaderSize) Bad($"ids offset: expected {HeaderSize}, found {idsOffset}", "ids offset");
        if (idsLength < count * sizeof(int) || idsLength > int.MaxValue) Bad($"ids length: expected at least {count * sizeof(int)} bytes for {count} ids, found {idsLength}", "ids length");
        if (provenanceOffset != idsOffset + idsLength) Bad($"provenance offset: expected {idsOffset + idsLength} (end of ids), found {provenanceOffset}", "provenance offset");
        if (provenanceLength < 0 || provenanceLength > int.MaxValue) Bad($"provenance length: expected 0..{int.MaxValue}, found {provenanceLength}", "provenance length");
        long expectedDataOffset = AlignUp(provenanceOffset + provenanceLength);
        if (dataOffset != expectedDataOffset) Bad($"data offset: expected {expectedDataOffset} (end of provenance aligned to {DataAlignment}), found {dataOffset}", "data offset");
        Int128 expectedDataLength = (Int128)count * dimension * sizeof(float); // may exceed long for a corrupt header
        if (dataLength != expectedDataLength) Bad($"data length: header says {count} × {dimension} float32 = {expectedDataLength} bytes, but stores {dataLength}", "data length");

        long expectedFileLength = dataOffset + dataLength;
        if (fileLength != expectedFileLength)
        {
            string what = fileLength < expectedFileLength ? "truncated" : "unexpected trailing bytes";
            ThrowHelper.InvalidInput(
                $"{what}: header says {count} × {dimension} float32 = {dataLength} bytes of data at offset {dataOffset}, so the file should have {expectedFileLength} bytes; file has {fileLength}",
                path, field: "file length");
        }

        byte[] meta = new byte[idsLength + provenanceLength];
        if (ReadAt(handle, meta, idsOffset) < meta.Length)
            ThrowHelper.InvalidInput("truncated: the file ended inside the ids or provenance block", path);
        ulong actualMeta = XxHash3.HashToUInt64(meta);
        if (actualMeta != metaChecksum)
            ThrowHelper.InvalidInput($"checksum mismatch in ids/provenance block: file is corrupted (expected XxHash3 {metaChecksum:x16}, found {actualMeta:x16})", path, field: "ids");

        string[] ids = DecodeIds(meta.AsSpan(0, (int)idsLength), (int)count, path);
        var (provenance, created) = ProvenanceJson.Deserialize(meta.AsSpan((int)idsLength), path);
        return new EmbeddingFileHeader(version, flags, count, dimension, EmbeddingDataType.Float32,
            dataOffset, dataLength, dataChecksum, fileLength, provenance, created, ids);

        void Bad(string message, string field) => ThrowHelper.InvalidInput($"invalid header: {message}", path, field: field);
    }

    private static string[] DecodeIds(ReadOnlySpan<byte> block, int count, string path)
    {
        var ids = new string[count];
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            if (block.Length - at < sizeof(int))
                ThrowHelper.InvalidInput($"ids block: expected {count} ids, found the block ends after {i}", path, field: "ids");
            int n = BinaryPrimitives.ReadInt32LittleEndian(block[at..]);
            at += sizeof(int);
            if (n < 0 || n > block.Length - at)
                ThrowHelper.InvalidInput($"ids block: id {i} says {n} bytes, but {block.Length - at} remain", path, field: "ids");
            try
            {
                ids[i] = InputFile.StrictUtf8.GetString(block.Slice(at, n));
            }
            catch (DecoderFallbackException)
            {
                ThrowHelper.InvalidInput($"ids block: id {i} is not valid UTF-8", path, field: "ids");
            }
            at += n;
        }
        if (at != block.Length)
            ThrowHelper.InvalidInput($"ids block: expected {count} ids filling {block.Length} bytes, found {block.Length - at} bytes left over", path, field: "ids");
        return ids;
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
