using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Embedkit.Search;

// Payload of the coded HNSW kinds (version 1): "HNSW<M>,<codec>" ("HNSW32,SQ8", "HNSW16,PQ16", "HNSW32,BIN2"),
// optionally followed by ",Refine(Flat)" or ",Refine(<codec>)". The header's metric, dimension and count apply.
// Offsets from the start of the file; sections marked * start at a multiple of 64.
//    128           64        HNSW parameters    as in the "HNSW<M>" payload (M, efConstruction, seed, guard,
//                                               entry point, top level, upper-link ints U); M as in the kind
//    192     count × 8       ids                int64, nodes numbered 0..count−1 in this order
//      …     count × 1       levels             uint8
//  *   …  count × (1+2M) × 4 layer-0 links      as in the "HNSW<M>" payload
//      …        U × 4        upper links        as in the "HNSW<M>" payload
//  *   …                     codec section      trained, code size, P, parameters, padding, codes of the nodes in
//                                               order: the section of the codec kinds (VectorIndexFile.Codecs.cs)
//  *   …                     refine part        with ",Refine(…)" only, in the order of the ids, as in the codec kinds
// The file ends there. The reader refuses what the "HNSW<M>" and codec readers refuse.
public static partial class VectorIndexFile
{
    private static void WriteCodedHnsw(Stream stream, HnswIndex index, IVectorIndex? refine) =>
        index.Export(graph => WriteCodedHnswGraph(stream, index, graph, refine));

    private static void WriteCodedHnswGraph(Stream stream, HnswIndex index, HnswGraph graph, IVectorIndex? refine)
    {
        IndexSpec spec = refine is null ? index.Spec : index.Spec with { Refine = IndexFactory.SpecOf(refine) };
        VectorCodec codec = index.CodecCore!;
        int count = graph.Ids.Length, size = codec.CodeSize;
        stream.Write(new byte[HeaderSize]);
        var payload = new PayloadWriter(stream);

        byte[] parameters = new byte[HnswParametersSize];
        WriteHnswParameters(parameters, index.Options, graph);
        payload.Write(parameters);
        WriteLittleEndian<long>(payload, graph.Ids);
        payload.Write(graph.Levels);
        payload.Align();
        WriteLittleEndian<int>(payload, graph.Links0);
        WriteLittleEndian<int>(payload, graph.Upper);
        payload.Align();

        var codes = new byte[(long)count * size];
        int[] slots = graph.Slots!;
        for (int i = 0; i < count; i++) index.CopyCode(slots[i], codes.AsSpan(i * size, size));
        WriteCodecSection(payload, codec, codes);
        if (refine is not null) WriteRefinePart(payload, refine, graph.Ids);
        WriteHeaderAtStart(stream, spec.ToString(), index.Metric, index.Dimension, count, payload.Length, payload.Checksum);
    }

    private static IVectorIndex ReadCodedHnsw(SafeFileHandle handle, VectorIndexFileHeader header, string path, bool verifyChecksum)
    {
        byte[] bytes = ReadPayload(handle, header, path, verifyChecksum);
        IndexSpec spec = IndexSpec.Parse(header.Kind);
        var payload = new PayloadReader(bytes, path, header.Kind);
        int count = (int)header.Count;

        var (options, entry, top, upperInts) = ReadHnswParameters(payload.Take(HnswParametersSize, "HNSW parameters"), header.Kind, path);
        int m = options.M;
        if ((long)count * (1 + 2 * m) > Array.MaxLength)
            ThrowHelper.InvalidInput($"{count} nodes with M = {m} do not fit in one index's arrays (at most {Array.MaxLength} links)", path);
        long[] ids = ReadLittleEndian<long>(payload, count, "ids");
        byte[] levels = payload.Take(count, "levels").ToArray();
        payload.Align();
        int[] links0 = ReadLittleEndian<int>(payload, count * (1 + 2 * m), "layer-0 links");
        int[] upper = ReadLittleEndian<int>(payload, upperInts, "upper links");
        payload.Align();
        CheckGraph(ids, levels, links0, upper, m, options.MaxLevel, entry, top, path);

        CodecFlatIndex codes = ReadCodecSection(payload, spec.Codec!, header, ids);
        var graph = new HnswGraph(ids, levels, links0, upper, entry, null);
        HnswIndex index = HnswIndex.Import(codes.CodecCore, header.Metric, options, graph, codes.StoredCodes);
        IVectorIndex result = spec.Refine is null ? index : new RefineIndex(index, ReadRefinePart(payload, spec.Refine, header, ids), loading: true);
        payload.RequireEnd();
        return result;
    }

    private static void WriteLittleEndian<T>(PayloadWriter payload, T[] values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            payload.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        T[] swapped = (T[])values.Clone();
        ReverseEndianness<T>(swapped);
        payload.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
    }

    private static T[] ReadLittleEndian<T>(PayloadReader payload, long count, string what) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = payload.Take(count * Marshal.SizeOf<T>(), what);
        T[] values = MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        if (!BitConverter.IsLittleEndian) ReverseEndianness<T>(values);
        return values;
    }
}
