using Embedkit.Graphs;

namespace Embedkit.Tests;

/// <summary>Small graphs built directly as CSR, so tests of encoders do not depend on the readers.</summary>
internal static class TestGraphs
{
    /// <summary>An undirected graph on nodes "0".."n-1" from an edge list (each edge stored as two arcs).</summary>
    public static CsrGraph Undirected(int n, (int U, int V, float W)[] edges, bool weighted = false, string[]? ids = null)
    {
        var lists = Enumerable.Range(0, n).Select(_ => new List<(int, float)>()).ToArray();
        foreach (var (u, v, w) in edges)
        {
            lists[u].Add((v, w));
            if (u != v) lists[v].Add((u, w));
        }
        var offsets = new long[n + 1];
        for (int i = 0; i < n; i++) offsets[i + 1] = offsets[i] + lists[i].Count;
        var targets = new int[offsets[n]];
        var weights = new float[offsets[n]];
        for (int i = 0, k = 0; i < n; i++)
            foreach (var (t, w) in lists[i].OrderBy(x => x.Item1)) { targets[k] = t; weights[k++] = w; }
        return new CsrGraph(ids ?? Enumerable.Range(0, n).Select(i => i.ToString()).ToArray(), offsets, targets, weighted ? weights : null, directed: false);
    }

    /// <summary>A seeded Erdős–Rényi-style random undirected graph with about <paramref name="edges"/> edges.</summary>
    public static CsrGraph Random(int n, int edges, int seed, bool weighted = false)
    {
        var random = new Random(seed);
        var set = new HashSet<(int, int)>();
        while (set.Count < edges)
        {
            int u = random.Next(n), v = random.Next(n);
            if (u != v) set.Add((Math.Min(u, v), Math.Max(u, v)));
        }
        return Undirected(n, set.Select(e => (e.Item1, e.Item2, (float)(0.5 + random.NextDouble()))).ToArray(), weighted);
    }
}
