using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Embedkit.IO;
using Microsoft.Win32.SafeHandles;

namespace Embedkit.Search;

// Payload of the full-vector HNSW kinds (version 1): "HNSW<M>" (the factory string, e.g. "HNSW16"), and "HNSW",
// which earlier versions wrote and which is still read (the same payload; M comes from the parameters). After the common 128-byte header (whose metric, dimension and count
// apply), all integers little-endian, nodes numbered 0..count−1 in storage order:
// offset          size            field
//    128             4            M                 int32, 2..1024 (layer 0 holds up to 2M links)
//    132             4            efConstruction    int32 > 0
//    136             8            seed              uint64, of the level draws
//    144             4            max level guard   int32, 0..64
//    148             4            entry point       int32 node number, −1 when count = 0
//    152             4            top level         int32 = the entry point's level, −1 when count = 0
//    156             4            reserved, zero
//    160             8            upper-link ints   int64 U = Σ level × (1 + M)
//    168            24            reserved, zero
//    192       count × 8          ids               int64
//      …       count × 1          levels            uint8, each ≤ the guard
//                                 zero padding to a multiple of 64 bytes
//      …  count × (1+2M) × 4      layer-0 links     per node: int32 count, then 2M int32 node numbers (unused zero)
//      …           U × 4          upper links       per node with level ≥ 1, in node order, per layer 1..level:
//                                                   int32 count, then M int32 node numbers (unused zero)
//                                 zero padding to a multiple of 64 bytes
//      …  count × dimension × 4   vectors           float32, row-major (under cosine as stored: unit length);
//                                                   the file ends here
// A reader also refuses, as a corrupted file, a link out of range, to the node itself or to a node without
// that layer, a list longer than its layer allows, an entry point that is not the node of highest level, and
// a level above the guard.
public static partial class VectorIndexFile
{
    /// <summary>
    /// The kind that earlier versions wrote for every <see cref="HnswIndex"/>, still read: the payload is that of
    /// <c>HNSW&lt;M&gt;</c>. This version writes the factory string (<c>HNSW16</c>, <c>HNSW32,SQ8</c>).
    /// </summary>
    public const string HnswKind = "HNSW";

    /// <summary>Whether <paramref name="kind"/> names an HNSW index this version reads: the legacy <c>HNSW</c>, or a canonical factory string <c>HNSW&lt;M&gt;</c>, <c>HNSW&lt;M&gt;,&lt;codec&gt;</c> or <c>HNSW&lt;M&gt;,&lt;codec&gt;,Refine(&lt;storage&gt;)</c>.</summary>
    private static bool IsHnswKind(string kind) =>
        kind == HnswKind
        || (IndexSpec.TryParse(kind, out IndexSpec? spec, out _) && spec.ToString() == kind && spec.Structure == IndexStructure.Hnsw
            && (spec.Refine is null || spec.Codec is not null));

    /// <summary>Writes <paramref name="index"/> when it is an HNSW index, alone or (with a codec) refined; false for other kinds.</summary>
    private static bool TryWriteHnsw(string path, IVectorIndex index)
    {
        switch (index)
        {
            case HnswIndex { CodecCore: null } hnsw:
                AtomicFile.Write(path, stream => WriteHnsw(stream, hnsw));
                return true;
            case HnswIndex hnsw:
                AtomicFile.Write(path, stream => WriteCodedHnsw(stream, hnsw, refine: null));
                return true;
            case RefineIndex { Coarse: HnswIndex { CodecCore: not null } hnsw, Refine: FlatIndex or CodecFlatIndex } refined:
                AtomicFile.Write(path, stream => WriteCodedHnsw(stream, hnsw, refined.Refine));
                return true;
            case RefineIndex { Coarse: HnswIndex hnsw }:
                ThrowHelper.InvalidInput($"cannot save {IndexFactory.SpecOf(index)}: this version saves HNSW over full vectors alone (HNSW{hnsw.Options.M}), and Refine only after a codec (HNSW{hnsw.Options.M},SQ8,Refine(Flat))", path, field: "kind");
                return false;
            default:
                return false;
        }
    }

    private const int HnswParametersSize = 64;

    /// <summary>Bytes moved per read or write call while copying a section.</summary>
    private const int SectionChunk = 1 << 20;

    private static void WriteHnsw(Stream stream, HnswIndex index) => index.Export(graph => WriteHnswGraph(stream, index, graph));

    private static void WriteHnswGraph(Stream stream, HnswIndex index, HnswGraph graph)
    {
        int count = graph.Ids.Length, d = index.Dimension;
        HnswOptions options = index.Options;
        var layout = new HnswLayout(count, d, options.M, graph.Upper.LongLength);
        var hash = new XxHash3();
        stream.Write(new byte[HeaderSize]);

        byte[] parameters = new byte[HnswParametersSize];
        Span<byte> p = parameters;
        WriteHnswParameters(p, options, graph);
        Append(stream, hash, parameters);

        WriteSection<long>(stream, hash, graph.Ids);
        Append(stream, hash, graph.Levels);
        Append(stream, hash, new byte[layout.LinksOffset - layout.LevelsEnd]);
        WriteSection<int>(stream, hash, graph.Links0);
        WriteSection<int>(stream, hash, graph.Upper);
        Append(stream, hash, new byte[layout.DataOffset - layout.UpperEnd]);

        int rowsPerChunk = Math.Max(1, (1 << 18) / d);
        var chunk = new float[Math.Min(count, rowsPerChunk) * d];
        int[] slots = graph.Slots!;
        for (int first = 0; first < count; first += rowsPerChunk)
        {
            int rows = Math.Min(rowsPerChunk, count - first);
            for (int r = 0; r < rows; r++) index.CopyVector(slots[first + r], chunk.AsSpan(r * d, d));
            FloatIO.Write(stream, chunk.AsSpan(0, rows * d), hash);
        }
        WriteHeaderAtStart(stream, index.Spec.ToString(), index.Metric, d, count, layout.End - HeaderSize, hash.GetCurrentHashAsUInt64());
    }

    /// <summary>The 64 bytes of HNSW parameters (see the table above).</summary>
    private static void WriteHnswParameters(Span<byte> p, HnswOptions options, HnswGraph graph)
    {
        BinaryPrimitives.WriteInt32LittleEndian(p, options.M);
        BinaryPrimitives.WriteInt32LittleEndian(p[4..], options.EfConstruction);
        BinaryPrimitives.WriteUInt64LittleEndian(p[8..], options.Seed);
        BinaryPrimitives.WriteInt32LittleEndian(p[16..], options.MaxLevel);
        BinaryPrimitives.WriteInt32LittleEndian(p[20..], graph.Entry);
        BinaryPrimitives.WriteInt32LittleEndian(p[24..], graph.Entry < 0 ? -1 : graph.Levels[graph.Entry]);
        BinaryPrimitives.WriteInt64LittleEndian(p[32..], graph.Upper.LongLength);
    }

    /// <summary>Reads and checks the 64 bytes of HNSW parameters; the M of a kind <c>HNSW&lt;M&gt;…</c> must be the stored one.</summary>
    private static HnswParameters ReadHnswParameters(ReadOnlySpan<byte> p, string kind, string path)
    {
        int m = BinaryPrimitives.ReadInt32LittleEndian(p);
        int efConstruction = BinaryPrimitives.ReadInt32LittleEndian(p[4..]);
        ulong seed = BinaryPrimitives.ReadUInt64LittleEndian(p[8..]);
        int maxLevel = BinaryPrimitives.ReadInt32LittleEndian(p[16..]);
        int entry = BinaryPrimitives.ReadInt32LittleEndian(p[20..]);
        int top = BinaryPrimitives.ReadInt32LittleEndian(p[24..]);
        long upperInts = BinaryPrimitives.ReadInt64LittleEndian(p[32..]);
        void Bad(string message, string field) => ThrowHelper.InvalidInput($"invalid {kind} parameters: {message}", path, field: field);
        if (m is < 2 or > HnswOptions.MaxM) Bad($"M: expected 2..{HnswOptions.MaxM}, found {m}", "M");
        if (kind != HnswKind && IndexSpec.Parse(kind).StructureParameter != m) Bad($"M: the kind {kind} says M = {IndexSpec.Parse(kind).StructureParameter}, the parameters say {m}", "M");
        if (efConstruction <= 0) Bad($"efConstruction: expected a positive number, found {efConstruction}", "EfConstruction");
        if (maxLevel is < 0 or > HnswOptions.MaxLevelLimit) Bad($"max level: expected 0..{HnswOptions.MaxLevelLimit}, found {maxLevel}", "MaxLevel");
        if (upperInts < 0 || upperInts > Array.MaxLength) Bad($"upper-link ints: expected 0..{Array.MaxLength}, found {upperInts}", "upper links");
        if (p[28..32].ContainsAnyExcept((byte)0) || p[40..].ContainsAnyExcept((byte)0)) Bad("reserved bytes: expected zeros", "reserved");
        var options = new HnswOptions { M = m, EfConstruction = efConstruction, Seed = seed, MaxLevel = maxLevel };
        return new HnswParameters(options, entry, top, upperInts);
    }

    /// <summary>What the 64 bytes of HNSW parameters hold.</summary>
    private readonly record struct HnswParameters(HnswOptions Options, int Entry, int Top, long UpperInts);

    private static IVectorIndex ReadHnsw(SafeFileHandle handle, VectorIndexFileHeader header, string path, bool verifyChecksum)
    {
        if (header.Kind != HnswKind && IndexSpec.Parse(header.Kind).Codec is not null) return ReadCodedHnsw(handle, header, path, verifyChecksum);
        int count = (int)header.Count, d = header.Dimension;
        XxHash3? hash = verifyChecksum ? new XxHash3() : null;
        byte[] parameters = new byte[HnswParametersSize];
        if (header.PayloadLength < HnswParametersSize || ReadAt(handle, parameters, HeaderSize) < HnswParametersSize)
            ThrowHelper.InvalidInput($"truncated: an {header.Kind} index needs {HnswParametersSize} bytes of parameters after the header, the header says the payload has {header.PayloadLength}", path, field: "payload length");
        hash?.Append(parameters);
        var (options, entry, top, upperInts) = ReadHnswParameters(parameters, header.Kind, path);
        int m = options.M, maxLevel = options.MaxLevel;

        var layout = new HnswLayout(count, d, m, upperInts);
        if (header.PayloadLength != layout.End - HeaderSize)
            ThrowHelper.InvalidInput(
                $"invalid header: an {header.Kind} index of {count} × {d} with M = {m} and {upperInts} upper-link ints needs a payload of {layout.End - HeaderSize} bytes, the header says {header.PayloadLength}",
                path, field: "payload length");
        if ((long)count * d > Array.MaxLength || (long)count * (1 + 2 * m) > Array.MaxLength)
            ThrowHelper.InvalidInput($"{count} vectors of {d} values with M = {m} do not fit in one index's arrays (at most {Array.MaxLength} values each)", path);

        var ids = new long[count];
        var levels = new byte[count];
        var links0 = new int[count * (1 + 2 * m)];
        var upper = new int[upperInts];
        bool complete = ReadSection<long>(handle, HeaderSize + HnswParametersSize, ids, hash)
            && ReadSection<byte>(handle, layout.LevelsOffset, levels, hash)
            && ReadSection<byte>(handle, layout.LevelsEnd, new byte[layout.LinksOffset - layout.LevelsEnd], hash)
            && ReadSection<int>(handle, layout.LinksOffset, links0, hash)
            && ReadSection<int>(handle, layout.UpperOffset, upper, hash)
            && ReadSection<byte>(handle, layout.UpperEnd, new byte[layout.DataOffset - layout.UpperEnd], hash);
        if (!complete)
            ThrowHelper.InvalidInput($"truncated: the file ended inside the graph (it had {header.FileLength} bytes when opened)", path);
        float[] vectors = GC.AllocateUninitializedArray<float>(count * d);
        if (!FloatIO.Read(handle, layout.DataOffset, vectors, hash))
            ThrowHelper.InvalidInput($"truncated: the file ended inside the vectors (it had {header.FileLength} bytes when opened)", path);
        if (hash is not null && hash.GetCurrentHashAsUInt64() != header.PayloadChecksum)
            ThrowHelper.InvalidInput(
                $"checksum mismatch in payload: file is corrupted (expected XxHash3 {header.PayloadChecksum:x16}, found {hash.GetCurrentHashAsUInt64():x16})",
                path, field: "payload");

        CheckGraph(ids, levels, links0, upper, m, maxLevel, entry, top, path);
        return HnswIndex.Import(d, header.Metric, options, new HnswGraph(ids, levels, links0, upper, entry, null), vectors);
    }

    /// <summary>Refuses a graph that would make a search read out of range or loop on a missing layer; every message says the file is corrupted.</summary>
    private static void CheckGraph(long[] ids, byte[] levels, int[] links0, int[] upper, int m, int maxLevel, int entry, int top, string path)
    {
        int count = ids.Length;
        void Corrupt(string message, string field) => ThrowHelper.InvalidInput($"{message}; the file is corrupted", path, field: field);
        var seen = new HashSet<long>(count);
        int highest = -1;
        long upperInts = 0;
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == VectorChecks.NoId || !seen.Add(ids[i]))
                Corrupt($"ids: node {i} has {(ids[i] == VectorChecks.NoId ? "the reserved id −1" : $"id {ids[i]}, which an earlier node has")}", "ids");
            if (levels[i] > maxLevel) Corrupt($"levels: node {i} has level {levels[i]}, above the guard {maxLevel}", "levels");
            highest = Math.Max(highest, levels[i]);
            upperInts += levels[i] * (1L + m);
        }
        if (upperInts != upper.LongLength)
            Corrupt($"upper links: the levels need {upperInts} ints, the parameters say {upper.LongLength}", "upper links");
        if (count == 0 ? entry != -1 || top != -1 : entry < 0 || entry >= count || top != levels[entry] || top != highest)
            Corrupt($"entry point: expected a node of the highest level {highest} and that level, found node {entry} and level {top}", "entry point");

        long at = 0;
        for (int i = 0; i < count; i++)
        {
            CheckList(links0.AsSpan(i * (1 + 2 * m), 1 + 2 * m), i, 0);
            for (int level = 1; level <= levels[i]; level++, at += 1 + m)
                CheckList(upper.AsSpan((int)at, 1 + m), i, level);
        }

        void CheckList(ReadOnlySpan<int> list, int node, int level)
        {
            int n = list[0];
            if (n < 0 || n > list.Length - 1) Corrupt($"links: node {node} has {n} links on layer {level}, expected 0..{list.Length - 1}", "links");
            foreach (int target in list.Slice(1, n))
            {
                if (target < 0 || target >= count || target == node || levels[target] < level)
                    Corrupt($"links: node {node} links to {target} on layer {level}, which is not another node of that layer", "links");
            }
        }
    }

    /// <summary>Writes the common 128-byte header at the start of <paramref name="stream"/> once the payload is written, then returns to its end.</summary>
    private static void WriteHeaderAtStart(Stream stream, string kind, Metric metric, int dimension, long count, long payloadLength, ulong payloadChecksum)
    {
        byte[] header = new byte[HeaderSize];
        Span<byte> h = header;
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)metric);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], dimension);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(h[32..], (uint)kind.Length);
        Encoding.ASCII.GetBytes(kind, h[KindOffset..]);
        BinaryPrimitives.WriteInt64LittleEndian(h[104..], payloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(h[112..], payloadChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(h[HeaderChecksumOffset..], XxHash3.HashToUInt64(h[..HeaderChecksumOffset]));
        stream.Position = 0;
        stream.Write(header);
        stream.Position = stream.Length;
    }

    private static void Append(Stream stream, XxHash3 hash, ReadOnlySpan<byte> bytes)
    {
        hash.Append(bytes);
        stream.Write(bytes);
    }

    /// <summary>Writes integers little-endian, in chunks, feeding the hash.</summary>
    private static void WriteSection<T>(Stream stream, XxHash3 hash, ReadOnlySpan<T> values) where T : unmanaged
    {
        int per = SectionChunk / Marshal.SizeOf<T>();
        T[]? swapped = BitConverter.IsLittleEndian ? null : new T[Math.Min(per, values.Length)];
        while (!values.IsEmpty)
        {
            ReadOnlySpan<T> chunk = values[..Math.Min(per, values.Length)];
            if (swapped is not null)
            {
                chunk.CopyTo(swapped);
                ReverseEndianness(swapped.AsSpan(0, chunk.Length));
                chunk = swapped.AsSpan(0, chunk.Length);
            }
            Append(stream, hash, MemoryMarshal.AsBytes(chunk));
            values = values[chunk.Length..];
        }
    }

    /// <summary>Fills <paramref name="values"/> from little-endian integers at <paramref name="offset"/>, feeding the hash; false when the file ends first.</summary>
    private static bool ReadSection<T>(SafeFileHandle handle, long offset, Span<T> values, XxHash3? hash) where T : unmanaged
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(values);
        for (int at = 0; at < bytes.Length; at += SectionChunk)
        {
            Span<byte> chunk = bytes.Slice(at, Math.Min(SectionChunk, bytes.Length - at));
            if (ReadAt(handle, chunk, offset + at) < chunk.Length) return false;
            hash?.Append(chunk);
        }
        if (!BitConverter.IsLittleEndian) ReverseEndianness(values);
        return true;
    }

    private static void ReverseEndianness<T>(Span<T> values) where T : unmanaged
    {
        if (typeof(T) == typeof(long)) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, long>(values), MemoryMarshal.Cast<T, long>(values));
        else if (typeof(T) == typeof(int)) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, int>(values), MemoryMarshal.Cast<T, int>(values));
    }

    /// <summary>Offsets of an HNSW payload's sections from the start of the file.</summary>
    private readonly struct HnswLayout
    {
        public HnswLayout(int count, int dimension, int m, long upperInts)
        {
            LevelsOffset = HeaderSize + HnswParametersSize + 8L * count;
            LevelsEnd = LevelsOffset + count;
            LinksOffset = AlignUp(LevelsEnd);
            UpperOffset = LinksOffset + 4L * count * (1 + 2 * m);
            UpperEnd = UpperOffset + 4 * upperInts;
            DataOffset = AlignUp(UpperEnd);
            End = DataOffset + 4L * count * dimension;
        }

        public long LevelsOffset { get; }
        public long LevelsEnd { get; }
        public long LinksOffset { get; }
        public long UpperOffset { get; }
        public long UpperEnd { get; }
        public long DataOffset { get; }
        public long End { get; }
    }
}
