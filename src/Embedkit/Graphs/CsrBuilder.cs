namespace Embedkit.Graphs;

/// <summary>
/// Builds CSR arrays from an edge list: one counting pass for the row lengths, one pass that scatters the
/// targets (and weights) into their rows in file order, then each row is sorted by target and repeated
/// targets are merged in place. Weighted rows are sorted stably, so "first" means first in the file and
/// sums add up in file order (the same in both rows of an undirected edge). Besides the output, the
/// builder needs memory for the longest row only.
/// </summary>
internal static class CsrBuilder
{
    /// <summary>The outcome of <see cref="Build"/>.</summary>
    public readonly record struct Result(long[] Offsets, int[] Targets, float[]? Weights, long DuplicateEdges, int FirstDuplicate, int FirstDuplicateOriginal);

    /// <summary>
    /// Builds the CSR arrays of <paramref name="nodeCount"/> nodes from edges <c>sources[i] → targets[i]</c>
    /// (<paramref name="weights"/> null when unweighted). Undirected edges become two arcs, a self-loop one. With
    /// <see cref="DuplicateEdgePolicy.Error"/>, duplicates are still merged, and
    /// <see cref="Result.FirstDuplicate"/> is the lowest edge ordinal that repeats an earlier edge (its
    /// earlier edge in <see cref="Result.FirstDuplicateOriginal"/>), or -1. With any other policy the edge
    /// lists are cleared once their edges are in the rows, so that the memory can be reused.
    /// </summary>
    public static Result Build(int nodeCount, ChunkedList<int> sources, ChunkedList<int> targets, ChunkedList<float>? weights,
        bool directed, DuplicateEdgePolicy duplicates)
    {
        bool weighted = weights is not null;
        var offsets = new long[nodeCount + 1];
        for (int c = 0; c < sources.ChunkCount; c++)
        {
            ReadOnlySpan<int> chunkSources = sources.Chunk(c), chunkTargets = targets.Chunk(c);
            for (int i = 0; i < chunkSources.Length; i++)
            {
                int u = chunkSources[i], v = chunkTargets[i];
                offsets[u + 1]++;
                if (!directed && u != v) offsets[v + 1]++;
            }
        }
        int maxDegree = 0;
        for (int v = 0; v < nodeCount; v++)
        {
            maxDegree = (int)Math.Max(maxDegree, Math.Min(offsets[v + 1], int.MaxValue));
            offsets[v + 1] += offsets[v];
        }
        long arcCount = offsets[nodeCount];
        if (arcCount > Array.MaxLength)
            ThrowHelper.InvalidInput($"the graph has {arcCount} arcs; at most {Array.MaxLength} are supported");

        // Scatter in edge order: offsets[v] walks from the start of row v to the start of row v + 1.
        var outTargets = new int[arcCount];
        float[]? outWeights = weighted ? new float[arcCount] : null;
        for (int c = 0; c < sources.ChunkCount; c++)
        {
            ReadOnlySpan<int> chunkSources = sources.Chunk(c), chunkTargets = targets.Chunk(c);
            ReadOnlySpan<float> chunkWeights = weighted ? weights!.Chunk(c) : default;
            for (int i = 0; i < chunkSources.Length; i++)
            {
                int u = chunkSources[i], v = chunkTargets[i];
                long at = offsets[u]++;
                outTargets[at] = v;
                if (weighted) outWeights![at] = chunkWeights[i];
                if (!directed && u != v)
                {
                    at = offsets[v]++;
                    outTargets[at] = u;
                    if (weighted) outWeights![at] = chunkWeights[i];
                }
            }
        }
        if (duplicates != DuplicateEdgePolicy.Error)
        {
            // The edges are in the rows now; let their memory go before the rows are merged and trimmed.
            sources.Clear();
            targets.Clear();
            weights?.Clear();
        }
        for (int v = nodeCount; v > 0; v--) offsets[v] = offsets[v - 1];
        offsets[0] = 0;

        long[] sortKeys = weighted ? new long[maxDegree] : [];
        float[] rowWeights = weighted ? new float[maxDegree] : [];
        bool sum = weighted && duplicates == DuplicateEdgePolicy.Sum;
        long write = 0, selfDuplicates = 0, otherDuplicates = 0;
        for (int v = 0; v < nodeCount; v++)
        {
            long start = offsets[v], end = offsets[v + 1];
            offsets[v] = write;
            int length = (int)(end - start);
            Span<int> row = outTargets.AsSpan((int)start, length);
            Span<float> rowWeightsOut = weighted ? outWeights.AsSpan((int)start, length) : default;
            if (!IsSorted(row))
            {
                if (weighted) SortStably(row, rowWeightsOut, sortKeys, rowWeights);
                else row.Sort();
            }

            int previous = -1;
            double total = 0;
            for (int i = 0; i < row.Length; i++)
            {
                int target = row[i];
                if (target == previous)
                {
                    if (target == v) selfDuplicates++;
                    else otherDuplicates++;
                    if (sum)
                    {
                        total += rowWeightsOut[i];
                        outWeights![write - 1] = (float)total;
                    }
                    continue;
                }
                // write <= start + i: merging only ever moves arcs towards the front.
                outTargets[write] = target;
                if (weighted)
                {
                    float w = rowWeightsOut[i];
                    total = w;
                    outWeights![write] = w;
                }
                write++;
                previous = target;
            }
        }
        offsets[nodeCount] = write;

        if (write < arcCount)
        {
            Array.Resize(ref outTargets, (int)write);
            if (outWeights is not null) Array.Resize(ref outWeights, (int)write);
        }
        // Undirected: a repeated edge u–v shows up once in row u and once in row v; a loop only once.
        long duplicateEdges = directed ? selfDuplicates + otherDuplicates : selfDuplicates + otherDuplicates / 2;
        int firstDuplicate = -1, firstDuplicateOriginal = -1;
        if (duplicateEdges > 0 && duplicates == DuplicateEdgePolicy.Error)
            (firstDuplicate, firstDuplicateOriginal) = FindFirstDuplicate(sources, targets, directed);
        return new Result(offsets, outTargets, outWeights, duplicateEdges, firstDuplicate, firstDuplicateOriginal);
    }

    /// <summary>Sorts a row by target, keeping equal targets in their (file) order, and its weights with it.</summary>
    private static void SortStably(Span<int> row, Span<float> weights, long[] keys, float[] scratch)
    {
        Span<long> rowKeys = keys.AsSpan(0, row.Length);
        for (int i = 0; i < row.Length; i++) rowKeys[i] = ((long)row[i] << 32) | (uint)i;
        rowKeys.Sort();
        weights.CopyTo(scratch);
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (int)(rowKeys[i] >> 32);
            weights[i] = scratch[(int)(uint)rowKeys[i]];
        }
    }

    /// <summary>The first edge (in file order) equal to an earlier one, and that earlier edge. Only run to report an error.</summary>
    private static (int Duplicate, int Original) FindFirstDuplicate(ChunkedList<int> sources, ChunkedList<int> targets, bool directed)
    {
        var seen = new Dictionary<long, int>();
        for (int e = 0; e < sources.Count; e++)
        {
            int u = sources[e], v = targets[e];
            if (!directed && u > v) (u, v) = (v, u);
            // Multiplying by an odd constant is a bijection that mixes the bits: long.GetHashCode is lo ^ hi,
            // which would map the edges k–(k+1) of a path to a handful of hash codes.
            long key = unchecked((((long)u << 32) | (uint)v) * (long)0x9E3779B97F4A7C15UL);
            if (!seen.TryAdd(key, e)) return (e, seen[key]);
        }
        return (-1, -1);
    }

    private static bool IsSorted(ReadOnlySpan<int> row)
    {
        for (int i = 1; i < row.Length; i++)
            if (row[i] < row[i - 1]) return false;
        return true;
    }
}
