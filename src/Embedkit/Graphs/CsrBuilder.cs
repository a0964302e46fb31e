namespace Embedkit.Graphs;

/// <summary>
/// Builds CSR arrays from an edge list in two counting passes, then sorts each row by target and
/// merges repeated targets. Each arc carries the ordinal of its edge in file order, so that sorting
/// by (target, ordinal) keeps file order among duplicates: "first" means first in the file, and sums
/// add up in file order (the same in both rows of an undirected edge).
/// </summary>
internal static class CsrBuilder
{
    /// <summary>The outcome of <see cref="Build"/>.</summary>
    public readonly record struct Result(long[] Offsets, int[] Targets, float[]? Weights, long DuplicateEdges, int FirstDuplicate, int FirstDuplicateOriginal);

    /// <summary>
    /// Builds the CSR arrays of <paramref name="nodeCount"/> nodes from edges <c>sources[i] → targets[i]</c>
    /// (weights optional). Undirected edges become two arcs, a self-loop one. With
    /// <see cref="DuplicateEdgePolicy.Error"/>, duplicates are still merged, and
    /// <see cref="Result.FirstDuplicate"/> is the lowest edge ordinal that repeats an earlier edge (its
    /// earlier edge in <see cref="Result.FirstDuplicateOriginal"/>), or -1.
    /// </summary>
    public static Result Build(int nodeCount, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights,
        bool weighted, bool directed, DuplicateEdgePolicy duplicates)
    {
        int edgeCount = sources.Length;
        var offsets = new long[nodeCount + 1];
        for (int e = 0; e < edgeCount; e++)
        {
            offsets[sources[e] + 1]++;
            if (!directed && sources[e] != targets[e]) offsets[targets[e] + 1]++;
        }
        for (int v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
        long arcCount = offsets[nodeCount];
        if (arcCount > Array.MaxLength)
            ThrowHelper.InvalidInput($"the graph has {arcCount} arcs; at most {Array.MaxLength} are supported");

        // key = target << 32 | edge ordinal: sorting keys sorts by target, then by file order.
        var keys = new long[arcCount];
        var next = new long[nodeCount];
        Array.Copy(offsets, next, nodeCount);
        for (int e = 0; e < edgeCount; e++)
        {
            int u = sources[e], v = targets[e];
            keys[next[u]++] = ((long)v << 32) | (uint)e;
            if (!directed && u != v) keys[next[v]++] = ((long)u << 32) | (uint)e;
        }

        var outTargets = new int[arcCount];
        float[]? outWeights = weighted ? new float[arcCount] : null;
        long write = 0, selfDuplicates = 0, otherDuplicates = 0;
        int firstDuplicate = -1, firstDuplicateOriginal = -1;
        for (int v = 0; v < nodeCount; v++)
        {
            long start = offsets[v], end = offsets[v + 1];
            offsets[v] = write;
            Span<long> row = keys.AsSpan((int)start, (int)(end - start));
            if (!IsSorted(row)) row.Sort();

            int previous = -1, previousOrdinal = -1;
            double sum = 0;
            foreach (long key in row)
            {
                int target = (int)(key >> 32);
                int ordinal = (int)(uint)key;
                if (target == previous)
                {
                    if (target == v) selfDuplicates++;
                    else otherDuplicates++;
                    if (weighted && duplicates == DuplicateEdgePolicy.Sum)
                    {
                        sum += weights[ordinal];
                        outWeights![write - 1] = (float)sum;
                    }
                    if (firstDuplicate < 0 || ordinal < firstDuplicate)
                    {
                        firstDuplicate = ordinal;
                        firstDuplicateOriginal = previousOrdinal;
                    }
                    continue;
                }
                outTargets[write] = target;
                if (weighted)
                {
                    sum = weights[ordinal];
                    outWeights![write] = weights[ordinal];
                }
                write++;
                previous = target;
                previousOrdinal = ordinal;
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
        return new Result(offsets, outTargets, outWeights, duplicateEdges, firstDuplicate, firstDuplicateOriginal);
    }

    private static bool IsSorted(ReadOnlySpan<long> row)
    {
        for (int i = 1; i < row.Length; i++)
            if (row[i] < row[i - 1]) return false;
        return true;
    }
}
