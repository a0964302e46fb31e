using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Embedkit.IO;
using Microsoft.Win32.SafeHandles;

namespace Embedkit.Search;

// Payload of the codec kinds (version 1): a kind that is a codec alone ("F16", "SQ8", "PQ16", "BIN1", "BIN2",
// ...) or a codec followed by ",Refine(Flat)" or ",Refine(<codec>)". The header's metric, dimension and count
// apply. Offsets from the start of the file; every section starts at a multiple of 64.
//    128        count × 8      ids                int64, in storage order
//                              zero padding to a multiple of 64
//      …        4              trained            uint32: 1, or 0 for an untrained codec (then count = 0, P = 0)
//      …        4              code size          uint32: bytes per code, as the kind and dimension give it
//      …        8              parameter bytes P  int64, as the kind and dimension give it (0 when untrained)
//      …        P              codec parameters   by codec, float32/uint32 little-endian:
//                                                 F16: none; SQ8: d minima, d maxima;
//                                                 PQm: m, 256, then m × 256 × (d/m) centroids;
//                                                 BIN1: centering (0/1), 0, d centre values, d scales;
//                                                 BINb (b ≥ 2): centering (0/1), b, d centre values
//                              zero padding to a multiple of 64
//      …        count × size   codes              in the order of the ids
// With ",Refine(<storage>)", after zero padding to a multiple of 64, the refine part in the same order of ids:
//      Flat:    count × d float32 vectors (under cosine the stored unit vectors)
//      a codec: trained, code size, P, parameters, padding, codes, as above
// The file ends there. A reader also refuses, as corrupted, a trained flag other than 0 or 1, a code size or
// parameter length that differs from the kind's, parameters no training gives (NaN, an SQ8 range with
// max < min, PQ sizes that differ from the kind), F16 codes that are not finite, binary codes with bits set
// past the dimension or negative or non-finite scales, and repeated ids.
public static partial class VectorIndexFile
{
    /// <summary>Whether <paramref name="kind"/> names a codec index (with or without Refine) that this version reads.</summary>
    private static bool IsCodecKind(string kind) =>
        IndexSpec.TryParse(kind, out IndexSpec? spec, out _) && spec.ToString() == kind
        && spec.Structure == IndexStructure.Flat && spec.Codec is not null;

    /// <summary>Writes <paramref name="index"/> when it is a codec index (alone or refined); false for other kinds.</summary>
    private static bool TryWriteCodecIndex(string path, IVectorIndex index)
    {
        switch (index)
        {
            case CodecFlatIndex codec:
                AtomicFile.Write(path, stream => WriteCodecIndex(stream, codec, null));
                return true;
            case RefineIndex { Coarse: CodecFlatIndex coarse, Refine: FlatIndex or CodecFlatIndex } refine:
                AtomicFile.Write(path, stream => WriteCodecIndex(stream, coarse, refine.Refine));
                return true;
            default:
                return false;
        }
    }

    private static void WriteCodecIndex(Stream stream, CodecFlatIndex coarse, IVectorIndex? refine)
    {
        string kind = (refine is null ? coarse.Spec : IndexFactory.SpecOf(coarse) with { Refine = IndexFactory.SpecOf(refine) }).ToString();
        int count = coarse.Count, d = coarse.Dimension;
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = coarse.IdAt(i);

        stream.Write(new byte[HeaderSize]);
        var payload = new PayloadWriter(stream);
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);
        payload.Write(MemoryMarshal.AsBytes(ids.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);
        payload.Align();
        WriteCodecSection(payload, coarse.CodecCore, coarse.StoredCodes);
        if (refine is not null) WriteRefinePart(payload, refine, ids, d);

        byte[] header = new byte[HeaderSize];
        Span<byte> h = header;
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)coarse.Metric);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], d);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(h[32..], (uint)kind.Length);
        Encoding.ASCII.GetBytes(kind, h[KindOffset..]);
        BinaryPrimitives.WriteInt64LittleEndian(h[104..], payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(h[112..], payload.Checksum);
        BinaryPrimitives.WriteUInt64LittleEndian(h[HeaderChecksumOffset..], XxHash3.HashToUInt64(h[..HeaderChecksumOffset]));
        stream.Position = 0;
        stream.Write(header);
        stream.Position = stream.Length;
    }

    /// <summary>The refine part: after padding, the refine index's vectors (Flat) or codec section, in the order of <paramref name="ids"/>.</summary>
    private static void WriteRefinePart(PayloadWriter payload, IVectorIndex refine, long[] ids, int d)
    {
        int count = ids.Length;
        if (refine is FlatIndex flat)
        {
            payload.Align();
            var chunk = new float[Math.Max(1, Math.Min(count, (1 << 18) / d)) * d];
            var rows = chunk.Length / d;
            for (int first = 0; first < count; first += rows)
            {
                int n = Math.Min(rows, count - first);
                for (int r = 0; r < n; r++) flat.TryGetVector(ids[first + r], chunk.AsSpan(r * d, d));
                payload.WriteFloats(chunk.AsSpan(0, n * d));
            }
        }
        else if (refine is CodecFlatIndex codes)
        {
            payload.Align();
            var ordered = new byte[(long)count * codes.CodecCore.CodeSize];
            int size = codes.CodecCore.CodeSize;
            for (int i = 0; i < count; i++) codes.CodeOf(ids[i]).CopyTo(ordered.AsSpan(i * size, size));
            WriteCodecSection(payload, codes.CodecCore, ordered);
        }
    }

    private static void WriteCodecSection(PayloadWriter payload, VectorCodec codec, ReadOnlySpan<byte> codes)
    {
        var parameters = new MemoryStream();
        if (codec.IsTrained)
        {
            using var writer = new BinaryWriter(parameters, Encoding.UTF8, leaveOpen: true);
            codec.WriteParameters(writer);
        }
        Span<byte> fields = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(fields, codec.IsTrained ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[4..], (uint)codec.CodeSize);
        BinaryPrimitives.WriteInt64LittleEndian(fields[8..], parameters.Length);
        payload.Write(fields);
        payload.Write(parameters.GetBuffer().AsSpan(0, (int)parameters.Length));
        payload.Align();
        payload.Write(codes);
    }

    /// <summary>The whole payload in memory, its checksum verified unless <paramref name="verifyChecksum"/> is false.</summary>
    private static byte[] ReadPayload(SafeFileHandle handle, VectorIndexFileHeader header, string path, bool verifyChecksum)
    {
        if (header.PayloadLength > Array.MaxLength)
            ThrowHelper.InvalidInput($"a {header.Kind} payload of {header.PayloadLength} bytes is larger than this version reads into memory ({Array.MaxLength})", path, field: "payload length");
        byte[] bytes = GC.AllocateUninitializedArray<byte>((int)header.PayloadLength);
        if (ReadAt(handle, bytes, HeaderSize) < bytes.Length)
            ThrowHelper.InvalidInput($"truncated: the file ended inside the payload (it had {header.FileLength} bytes when opened)", path);
        if (verifyChecksum)
        {
            ulong actual = XxHash3.HashToUInt64(bytes);
            if (actual != header.PayloadChecksum)
                ThrowHelper.InvalidInput($"checksum mismatch in payload: file is corrupted (expected XxHash3 {header.PayloadChecksum:x16}, found {actual:x16})", path, field: "payload");
        }
        return bytes;
    }

    private static IVectorIndex ReadCodecIndex(SafeFileHandle handle, VectorIndexFileHeader header, string path, bool verifyChecksum)
    {
        byte[] bytes = ReadPayload(handle, header, path, verifyChecksum);
        IndexSpec spec = IndexSpec.Parse(header.Kind);
        var payload = new PayloadReader(bytes, path, header.Kind);
        int count = (int)header.Count, d = header.Dimension;

        var ids = new long[count];
        payload.Take((long)count * sizeof(long), "ids").CopyTo(MemoryMarshal.AsBytes(ids.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);
        var seen = new HashSet<long>(count);
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == VectorChecks.NoId || !seen.Add(ids[i]))
                ThrowHelper.InvalidInput($"ids: vector {i} has {(ids[i] == VectorChecks.NoId ? "the reserved id −1" : $"id {ids[i]}, which an earlier vector has")}; the file is corrupted", path, field: "ids");
        }
        payload.Align();
        CodecFlatIndex coarse = ReadCodecSection(payload, spec.Codec!, header, ids);
        IVectorIndex result = coarse;
        if (spec.Refine is not null) result = new RefineIndex(coarse, ReadRefinePart(payload, spec.Refine, header, ids), loading: true);
        payload.RequireEnd();
        return result;
    }

    /// <summary>Reads what <see cref="WriteRefinePart"/> wrote: the refine index of <paramref name="refineSpec"/> over <paramref name="ids"/>.</summary>
    private static IVectorIndex ReadRefinePart(PayloadReader payload, IndexSpec refineSpec, VectorIndexFileHeader header, long[] ids)
    {
        int count = ids.Length, d = header.Dimension;
        payload.Align();
        if (refineSpec.Codec is not null) return ReadCodecSection(payload, refineSpec.Codec, header, ids);
        float[] vectors = new float[(long)count * d];
        payload.Take((long)count * d * sizeof(float), "refine vectors").CopyTo(MemoryMarshal.AsBytes(vectors.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> raw = MemoryMarshal.Cast<float, int>(vectors.AsSpan());
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
        var flat = new FlatIndex(d, header.Metric);
        flat.AddUnchecked(ids, vectors, normalize: false);
        return flat;
    }

    private static CodecFlatIndex ReadCodecSection(PayloadReader payload, CodecSpec kind, VectorIndexFileHeader header, long[] ids)
    {
        int count = ids.Length, d = header.Dimension;
        ReadOnlySpan<byte> fields = payload.Take(16, "codec fields");
        uint trained = BinaryPrimitives.ReadUInt32LittleEndian(fields);
        uint codeSize = BinaryPrimitives.ReadUInt32LittleEndian(fields[4..]);
        long parameterBytes = BinaryPrimitives.ReadInt64LittleEndian(fields[8..]);
        if (trained > 1) payload.Corrupted($"trained flag: expected 0 or 1, found {trained}", "trained");
        ReadOnlySpan<byte> parameters = payload.Take(parameterBytes, "codec parameters");

        VectorCodec codec;
        try
        {
            bool centering = kind.Kind != CodecKind.Binary || parameters.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(parameters) != 0;
            codec = kind.Create(d, centering);
        }
        catch (InvalidInputException e)
        {
            payload.Corrupted($"kind {kind} cannot hold vectors of dimension {d}: {e.Message}", "kind");
            throw;
        }
        if (codeSize != codec.CodeSize) payload.Corrupted($"code size: the kind {kind} at dimension {d} has {codec.CodeSize}-byte codes, the file says {codeSize}", "code size");
        if (trained == 0)
        {
            if (codec.IsTrained) payload.Corrupted($"a {kind} codec needs no training, but the file says it is untrained", "trained");
            if (parameterBytes != 0 || count != 0) payload.Corrupted($"an untrained {kind} codec has no parameters and no codes, found {parameterBytes} parameter bytes and {count} codes", "trained");
        }
        else
        {
            if (parameterBytes != codec.ParameterBytes) payload.Corrupted($"parameter bytes: the kind {kind} at dimension {d} has {codec.ParameterBytes}, the file says {parameterBytes}", "parameters");
            try
            {
                using var reader = new BinaryReader(new MemoryStream(parameters.ToArray(), writable: false));
                codec.ReadParameters(reader);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                payload.Corrupted($"codec parameters: {e.Message}", "parameters");
            }
        }
        payload.Align();
        ReadOnlySpan<byte> codes = payload.Take((long)count * codec.CodeSize, "codes");
        string? bad = CheckCodes(codec, codes, count);
        if (bad is not null) payload.Corrupted(bad, "codes");
        var index = new CodecFlatIndex(codec, header.Metric);
        index.AddCodesUnchecked(ids, codes);
        return index;
    }

    /// <summary>What is wrong with stored codes that no encoder makes, or null.</summary>
    private static string? CheckCodes(VectorCodec codec, ReadOnlySpan<byte> codes, int count)
    {
        int size = codec.CodeSize, d = codec.Dimension;
        switch (codec)
        {
            case F16Codec:
                ReadOnlySpan<Half> halves = MemoryMarshal.Cast<byte, Half>(codes);
                for (int i = 0; i < halves.Length; i++)
                    if (!Half.IsFinite(halves[i])) return $"code {i / d}, component {i % d}: an F16 value is not finite";
                break;
            case BinaryCodec or ResidualBinaryCodec:
                int levels = codec is ResidualBinaryCodec r ? r.Levels : 1, plane = BitCodes.Bytes(d);
                byte unused = d % 8 == 0 ? (byte)0 : (byte)(0xff << (d % 8));
                for (int i = 0; i < count; i++)
                {
                    ReadOnlySpan<byte> code = codes.Slice(i * size, size);
                    for (int level = 0; level < levels; level++)
                        if ((code[(level + 1) * plane - 1] & unused) != 0) return $"code {i}: bits are set past dimension {d}";
                    if (codec is ResidualBinaryCodec)
                    {
                        for (int level = 0; level < levels; level++)
                        {
                            float alpha = BinaryPrimitives.ReadSingleLittleEndian(code[(levels * plane + level * 4)..]);
                            if (!float.IsFinite(alpha) || alpha < 0) return $"code {i}: scale {level} is {alpha}, expected a finite number ≥ 0";
                        }
                    }
                }
                break;
        }
        return null;
    }

    /// <summary>Writes a payload after the header, hashing as it goes and padding to multiples of 64 from the start of the file.</summary>
    private sealed class PayloadWriter(Stream stream)
    {
        private static readonly byte[] Zeros = new byte[DataAlignment];
        private readonly XxHash3 _hash = new();

        public long Length { get; private set; }

        public ulong Checksum => _hash.GetCurrentHashAsUInt64();

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _hash.Append(bytes);
            stream.Write(bytes);
            Length += bytes.Length;
        }

        public void WriteFloats(ReadOnlySpan<float> values)
        {
            FloatIO.Write(stream, values, _hash);
            Length += (long)values.Length * sizeof(float);
        }

        public void Align() => Write(Zeros.AsSpan(0, (int)(AlignUp(HeaderSize + Length) - HeaderSize - Length)));
    }

    /// <summary>Reads a payload held in memory, refusing any read past its end or a non-zero padding byte.</summary>
    private sealed class PayloadReader(byte[] payload, string path, string kind)
    {
        private long _at;

        public ReadOnlySpan<byte> Take(long length, string what)
        {
            if (length < 0 || length > payload.Length - _at)
                ThrowHelper.InvalidInput($"invalid payload: the {kind} payload ends inside the {what} (needs {length} bytes at payload offset {_at}, {payload.Length - _at} left); the file is truncated or corrupted", path, field: what);
            ReadOnlySpan<byte> span = payload.AsSpan((int)_at, (int)length);
            _at += length;
            return span;
        }

        public void Align()
        {
            ReadOnlySpan<byte> padding = Take(AlignUp(HeaderSize + _at) - HeaderSize - _at, "padding");
            if (padding.ContainsAnyExcept((byte)0)) Corrupted("padding: expected zero bytes", "padding");
        }

        public void RequireEnd()
        {
            if (_at != payload.Length)
                ThrowHelper.InvalidInput($"invalid payload: a {kind} index of this count and dimension needs {_at} payload bytes, the header says {payload.Length}", path, field: "payload length");
        }

        public void Corrupted(string message, string field) => ThrowHelper.InvalidInput($"corrupted {kind} payload: {message}", path, field: field);
    }
}
