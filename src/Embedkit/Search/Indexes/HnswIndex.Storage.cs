using System.Runtime.CompilerServices;

namespace Embedkit.Search;

public sealed unsafe partial class HnswIndex
{
    /// <summary>
    /// Calls <paramref name="write"/> with the graph renumbered densely in storage order, while no add or removal
    /// can change it (searches go on); <see cref="CopyVector"/> gives the vectors meanwhile.
    /// </summary>
    internal void Export(Action<HnswGraph> write)
    {
        _writers.EnterWriteLock();
        _storage.EnterReadLock();
        try
        {
            var node = new int[_used];
            var slots = new int[_count];
            int count = 0;
            long upperInts = 0;
            for (int slot = 0; slot < _used; slot++)
            {
                node[slot] = -1;
                if (_deleted[slot] != 0) continue;
                node[slot] = count;
                slots[count++] = slot;
                upperInts += (long)_levels[slot] * _blockUpper;
            }
            var ids = new long[count];
            var levels = new byte[count];
            var links0 = new int[(long)count * _block0];
            var upper = new int[upperInts];
            long at = 0;
            for (int i = 0; i < count; i++)
            {
                int slot = slots[i];
                ids[i] = _ids[slot];
                levels[i] = _levels[slot];
                CopyList(slot, 0, node, links0.AsSpan(i * _block0, _block0));
                for (int level = 1; level <= levels[i]; level++, at += _blockUpper)
                    CopyList(slot, level, node, upper.AsSpan((int)at, _blockUpper));
            }
            int entry = EntrySlot(_entry);
            write(new HnswGraph(ids, levels, links0, upper, entry < 0 ? -1 : node[entry], slots));
        }
        finally
        {
            _storage.ExitReadLock();
            _writers.ExitWriteLock();
        }
    }

    /// <summary>Copies the stored vector (as kept: normalised under cosine) of <paramref name="slot"/>; only inside <see cref="Export"/>.</summary>
    internal void CopyVector(int slot, Span<float> destination) => new ReadOnlySpan<float>(Vector(slot), Dimension).CopyTo(destination);

    /// <summary>Copies the stored code of <paramref name="slot"/> (coded indexes); only inside <see cref="Export"/>.</summary>
    internal void CopyCode(int slot, Span<byte> destination) => new ReadOnlySpan<byte>(Code(slot), _codeSize).CopyTo(destination);

    /// <summary>The codec with its internal members (file format); null for full vectors.</summary>
    internal VectorCodec? CodecCore => _codec;

    /// <summary>As <see cref="Import(int, Metric, HnswOptions, HnswGraph, ReadOnlySpan{float})"/> for a coded index: <paramref name="codes"/> holds count codes of the trained <paramref name="codec"/>.</summary>
    internal static HnswIndex Import(VectorCodec codec, Metric metric, HnswOptions options, HnswGraph graph, ReadOnlySpan<byte> codes)
    {
        var index = new HnswIndex(codec.Dimension, metric, options, codec, training: null);
        index.ImportGraph(graph);
        int size = index._codeSize;
        for (int node = 0; node < graph.Ids.Length; node++)
            codes.Slice(node * size, size).CopyTo(new Span<byte>(index.Code(node), size));
        return index;
    }

    /// <summary>
    /// An index holding <paramref name="graph"/> and its vectors (count × dimension, as stored), which the caller has
    /// checked: links in range and to nodes of the layer, counts within M, a valid entry point.
    /// </summary>
    internal static HnswIndex Import(int dimension, Metric metric, HnswOptions options, HnswGraph graph, ReadOnlySpan<float> vectors)
    {
        var index = new HnswIndex(dimension, metric, options);
        index.ImportGraph(graph);
        for (int node = 0; node < graph.Ids.Length; node++)
            vectors.Slice(node * dimension, dimension).CopyTo(new Span<float>(index.Vector(node), dimension));
        return index;
    }

    /// <summary>Grows an empty index to the graph's count and takes its ids, levels, links and entry point.</summary>
    private void ImportGraph(HnswGraph graph)
    {
        HnswIndex index = this;
        int count = graph.Ids.Length, block0 = index._block0, blockUpper = index._blockUpper;
        index.Grow(count, exact: true);
        long at = 0;
        for (int node = 0; node < count; node++)
        {
            int level = graph.Levels[node];
            index._ids[node] = graph.Ids[node];
            index._levels[node] = (byte)level;
            index._deleted[node] = 0;
            graph.Links0.AsSpan(node * block0, block0).CopyTo(new Span<int>(index._links0 + (nint)node * block0, block0));
            if (level > 0)
            {
                index._upper[node] = graph.Upper.AsSpan((int)at, level * blockUpper).ToArray();
                at += level * blockUpper;
            }
            index._slotOf.Add(graph.Ids[node], node);
        }
        index._used = count;
        index._count = count;
        index._entry = graph.Entry < 0 ? -1 : PackEntry(graph.Entry, graph.Levels[graph.Entry]);
    }

    /// <summary>Copies the list of <paramref name="slot"/> on <paramref name="level"/> with its links renumbered by <paramref name="node"/>.</summary>
    private void CopyList(int slot, int level, int[] node, Span<int> destination)
    {
        ref int list = ref Links(slot, level);
        destination.Clear();
        if (Unsafe.IsNullRef(ref list)) return;
        int count = Math.Min(list, MaxLinks(level));
        int kept = 0;
        for (int j = 1; j <= count; j++)
        {
            int target = node[Unsafe.Add(ref list, j)];
            if (target >= 0) destination[1 + kept++] = target;
        }
        destination[0] = kept;
    }
}
