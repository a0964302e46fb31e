using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Embedkit.IO;
using Microsoft.Win32.SafeHandles;

namespace Embedkit.Search;

// Payload of the IVF kinds (version 1): "IVF<lists>,<storage>" (storage Flat or a codec), optionally followed by
// ",Refine(<storage>)". The header's metric, dimension and count apply. Offsets from the start of the file;
// every section after the parameters starts at a multiple of 64.
//    128        4              lists              int32, as the kind says
//    132        4              by residual        uint32: 1 when codes hold residuals to the centroid, else 0 (0 for Flat)
//    136        4              trained            uint32: 1, or 0 for an untrained index (then count = 0 and L = 0)
//    140       52              reserved, zero
//    192        L × d × 4      centroids          float32, row-major (L = lists when trained, else 0)
//      …        L × 4          list sizes         int32, summing to count
//                              zero padding to a multiple of 64
//      …        count × 8      ids                int64, list by list, each list in storage order
//                              zero padding to a multiple of 64
//      …        Flat:          count × d float32 vectors in the order of the ids (under cosine the stored unit vectors)
//               a codec:       its section as in the codec kinds (trained, code size, P, parameters, padding, codes)
// then, with ",Refine(<storage>)", the refine part as in the codec kinds, in the order of the ids. The file ends
// there. A reader also refuses, as corrupted, flags other than 0 or 1, a residual flag on Flat, a count with an
// untrained index, centroids or Flat vectors that are not finite, negative list sizes or ones that do not sum to
// count, and repeated ids, as well as everything the codec kinds refuse.
public static partial class VectorIndexFile
{
    private const int IvfParametersSize = 64;

    /// <summary>Whether <paramref name="kind"/> names an IVF index (with or without Refine) in canonical form.</summary>
    private static bool IsIvfKind(string kind) =>
        IndexSpec.TryParse(kind, out IndexSpec? spec, out _) && spec.ToString() == kind && spec.Structure == IndexStructure.Ivf;

    /// <summary>Writes <paramref name="index"/> when it is an IVF index (alone or refined); false for other kinds.</summary>
    private static bool TryWriteIvfIndex(string path, IVectorIndex index)
    {
        switch (index)
        {
            case IvfIndex ivf:
                AtomicFile.Write(path, stream => WriteIvfIndex(stream, ivf, null));
                return true;
            case RefineIndex { Coarse: IvfIndex coarse, Refine: FlatIndex or CodecFlatIndex } refine:
                AtomicFile.Write(path, stream => WriteIvfIndex(stream, coarse, refine.Refine));
                return true;
            default:
                return false;
        }
    }

    private static void WriteIvfIndex(Stream stream, IvfIndex index, IVectorIndex? refine)
    {
        string kind = (refine is null ? index.Spec : index.Spec with { Refine = IndexFactory.SpecOf(refine) }).ToString();
        int count = index.Count, d = index.Dimension, lists = index.IsTrained ? index.Lists : 0;
        stream.Write(new byte[HeaderSize]);
        var payload = new PayloadWriter(stream);

        byte[] parameters = new byte[IvfParametersSize];
        BinaryPrimitives.WriteInt32LittleEndian(parameters, index.Lists);
        BinaryPrimitives.WriteUInt32LittleEndian(parameters.AsSpan(4), index.ByResidual ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(parameters.AsSpan(8), index.IsTrained ? 1u : 0u);
        payload.Write(parameters);
        payload.WriteFloats(index.Centroids);
        var sizes = new int[lists];
        for (int c = 0; c < lists; c++) sizes[c] = index.ListSize(c);
        WriteInts(payload, sizes);
        payload.Align();

        var ids = new long[count];
        int at = 0;
        for (int c = 0; c < lists; c++)
        {
            IvfList list = index.ListAt(c);
            list.Ids.AsSpan(0, list.Count).CopyTo(ids.AsSpan(at));
            at += list.Count;
        }
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);
        payload.Write(MemoryMarshal.AsBytes(ids.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(ids, ids);
        payload.Align();

        if (index.CodecCore is VectorCodec codec)
        {
            var codes = new byte[(long)count * codec.CodeSize];
            int written = 0;
            for (int c = 0; c < lists; c++)
            {
                IvfList list = index.ListAt(c);
                list.Codes.AsSpan(0, list.Count * codec.CodeSize).CopyTo(codes.AsSpan(written));
                written += list.Count * codec.CodeSize;
            }
            WriteCodecSection(payload, codec, codes);
        }
        else
        {
            for (int c = 0; c < lists; c++)
            {
                IvfList list = index.ListAt(c);
                payload.WriteFloats(list.Vectors.AsSpan(0, list.Count * d));
            }
        }
        if (refine is not null) WriteRefinePart(payload, refine, ids);
        WriteHeaderAtStart(stream, kind, index.Metric, d, count, payload.Length, payload.Checksum);
    }

    private static void WriteInts(PayloadWriter payload, int[] values)
    {
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(values, values);
        payload.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(values, values);
    }

    private static IVectorIndex ReadIvfIndex(SafeFileHandle handle, VectorIndexFileHeader header, string path, bool verifyChecksum)
    {
        byte[] bytes = ReadPayload(handle, header, path, verifyChecksum);
        IndexSpec spec = IndexSpec.Parse(header.Kind);
        var payload = new PayloadReader(bytes, path, header.Kind);
        int count = (int)header.Count, d = header.Dimension;

        ReadOnlySpan<byte> p = payload.Take(IvfParametersSize, "IVF parameters");
        int lists = BinaryPrimitives.ReadInt32LittleEndian(p);
        uint byResidual = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
        uint trained = BinaryPrimitives.ReadUInt32LittleEndian(p[8..]);
        if (lists != spec.StructureParameter) payload.Corrupted($"lists: the kind says {spec.StructureParameter}, the parameters {lists}", "lists");
        if (byResidual > 1 || (byResidual == 1 && spec.Codec is null)) payload.Corrupted($"by-residual flag: expected {(spec.Codec is null ? "0 for Flat lists" : "0 or 1")}, found {byResidual}", "by residual");
        if (trained > 1) payload.Corrupted($"trained flag: expected 0 or 1, found {trained}", "trained");
        if (trained == 0 && count != 0) payload.Corrupted($"an untrained IVF index holds no vectors, the header says {count}", "trained");
        if (p[12..].ContainsAnyExcept((byte)0)) payload.Corrupted("reserved bytes: expected zeros", "reserved");
        int stored = trained == 1 ? lists : 0;
        if ((long)stored * d > Array.MaxLength) payload.Corrupted($"{stored} centroids of {d} values do not fit in one array", "centroids");

        float[] centroids = ReadFloats(payload, (long)stored * d, "centroids");
        var sizes = new int[stored];
        payload.Take(stored * sizeof(int), "list sizes").CopyTo(MemoryMarshal.AsBytes(sizes.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(sizes, sizes);
        long total = 0;
        for (int c = 0; c < stored; c++)
        {
            if (sizes[c] < 0) payload.Corrupted($"list {c} has size {sizes[c]}, expected ≥ 0", "list sizes");
            total += sizes[c];
        }
        if (total != count) payload.Corrupted($"the list sizes sum to {total}, the header's count is {count}", "list sizes");
        payload.Align();

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

        IvfIndex index;
        float[] vectors = [];
        ReadOnlySpan<byte> codes = default;
        var options = new IvfOptions { Lists = lists, ByResidual = byResidual == 1 || spec.Codec is null };
        if (spec.Codec is null)
        {
            index = new IvfIndex(d, header.Metric, options);
            vectors = ReadFloats(payload, (long)count * d, "vectors");
        }
        else
        {
            // The codec section as the codec kinds store it, read through a flat codec index over the same ids.
            CodecFlatIndex section = ReadCodecSection(payload, spec.Codec, header, ids);
            if (trained == 1 && !section.CodecCore.IsTrained) payload.Corrupted("the IVF index is trained but its codec is not", "trained");
            index = new IvfIndex(d, header.Metric, options with { ByResidual = byResidual == 1 }, section.CodecCore);
            codes = section.StoredCodes;
        }
        if (trained == 1)
        {
            index.Restore(centroids);
            int at = 0, size = index.CodecCore?.CodeSize ?? 0;
            for (int c = 0; c < stored; c++)
            {
                int n = sizes[c];
                index.AppendUnchecked(c, ids.AsSpan(at, n),
                    spec.Codec is null ? vectors.AsSpan(at * d, n * d) : default,
                    spec.Codec is null ? default : codes.Slice(at * size, n * size));
                at += n;
            }
        }
        IVectorIndex result = index;
        if (spec.Refine is not null) result = new RefineIndex(index, ReadRefinePart(payload, spec.Refine, header, ids), loading: true);
        payload.RequireEnd();
        return result;
    }

    /// <summary><paramref name="count"/> little-endian float32 values of the payload, refusing any that is not finite.</summary>
    private static float[] ReadFloats(PayloadReader payload, long count, string what)
    {
        var values = new float[count];
        payload.Take(count * sizeof(float), what).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> raw = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
        for (long i = 0; i < count; i++)
        {
            if (!float.IsFinite(values[i])) payload.Corrupted($"{what}: value {i} is {values[i]}, expected a finite number", what);
        }
        return values;
    }
}
