using Embedkit.Graphs;

namespace Embedkit.Evaluation;

/// <summary>
/// Neighbourhood scores of node pairs (<see cref="LinkHeuristic"/>) on an undirected graph, ignoring weights and
/// self-loops: Γ(x) is the set of distinct neighbours of x other than x, |Γ(x)| its degree. The graph's rows
/// must be sorted by target without repeats, as <see cref="EdgeListReader"/> and <see cref="LinkPredictionSplit"/>
/// build them. Each pair costs one merge of the two rows.
/// </summary>
public static class LinkHeuristics
{
    /// <summary>The <paramref name="heuristic"/> score of the pair (<paramref name="u"/>, <paramref name="v"/>), node indices of <paramref name="graph"/>.</summary>
    /// <exception cref="InvalidInputException">When the graph is directed.</exception>
    /// <exception cref="ArgumentException">When a row of u or v is not sorted without repeats, or a node index is out of range.</exception>
    public static double Score(LinkHeuristic heuristic, CsrGraph graph, int u, int v)
    {
        ArgumentNullException.ThrowIfNull(graph);
        RequireUndirected(graph);
        CheckNode(graph, u, nameof(u));
        CheckNode(graph, v, nameof(v));
        RequireSortedRow(graph, u);
        RequireSortedRow(graph, v);
        var scores = Merge(graph, u, v, w => { RequireSortedRow(graph, w); return Degree(graph, w); });
        return Pick(heuristic, scores);
    }

    /// <summary>
    /// The <paramref name="heuristic"/> score of every pair of <paramref name="pairs"/> (node indices of
    /// <paramref name="graph"/>) into <paramref name="scores"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">When the graph is directed.</exception>
    /// <exception cref="ArgumentException">When a row is not sorted without repeats, a node index is out of range, or the lengths differ.</exception>
    public static void Score(LinkHeuristic heuristic, CsrGraph graph, ReadOnlySpan<NodePair> pairs, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (scores.Length != pairs.Length) throw new ArgumentException($"scores has {scores.Length} entries; expected one per pair ({pairs.Length})", nameof(scores));
        var all = ScoreAll(graph, pairs);
        for (int i = 0; i < pairs.Length; i++) scores[i] = Pick(heuristic, all[i]);
    }

    /// <summary>The four scores of a pair, from one merge.</summary>
    internal readonly record struct Scores(int Common, double Jaccard, double AdamicAdar, double ResourceAllocation);

    /// <summary>All four heuristics of every pair; checks the graph once.</summary>
    internal static Scores[] ScoreAll(CsrGraph graph, ReadOnlySpan<NodePair> pairs, int threads = 0)
    {
        RequireUndirected(graph);
        RequireSortedRows(graph);
        int n = graph.NodeCount;
        var degree = new int[n];
        for (int x = 0; x < n; x++) degree[x] = Degree(graph, x);
        foreach (NodePair p in pairs)
        {
            CheckNode(graph, p.U, nameof(pairs));
            CheckNode(graph, p.V, nameof(pairs));
        }
        var result = new Scores[pairs.Length];
        NodePair[] copy = pairs.ToArray();
        // Each pair is independent and summed in row order, so the result does not depend on the threads.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, (copy.Length + 4095) / 4096, parallel, b =>
        {
            int end = Math.Min(copy.Length, (b + 1) * 4096);
            for (int i = b * 4096; i < end; i++) result[i] = Merge(graph, copy[i].U, copy[i].V, w => degree[w]);
        });
        return result;
    }

    private static double Pick(LinkHeuristic heuristic, Scores s) => heuristic switch
    {
        LinkHeuristic.CommonNeighbors => s.Common,
        LinkHeuristic.Jaccard => s.Jaccard,
        LinkHeuristic.AdamicAdar => s.AdamicAdar,
        LinkHeuristic.ResourceAllocation => s.ResourceAllocation,
        _ => throw new ArgumentOutOfRangeException(nameof(heuristic), heuristic, "unknown heuristic"),
    };

    private static Scores Merge(CsrGraph graph, int u, int v, Func<int, int> degreeOf)
    {
        ReadOnlySpan<int> a = graph.Neighbors(u), b = graph.Neighbors(v);
        int i = 0, j = 0, common = 0;
        double adamicAdar = 0, resource = 0;
        while (i < a.Length && j < b.Length)
        {
            int x = a[i], y = b[j];
            if (x < y) i++;
            else if (x > y) j++;
            else
            {
                if (x != u && x != v)
                {
                    // w is a neighbour of two other nodes, so |Γ(w)| ≥ 2 and ln |Γ(w)| > 0.
                    int d = degreeOf(x);
                    common++;
                    adamicAdar += 1.0 / Math.Log(d);
                    resource += 1.0 / d;
                }
                i++;
                j++;
            }
        }
        int union = Degree(graph, u) + Degree(graph, v) - common;
        if (u == v) union = Degree(graph, u);
        return new Scores(common, union == 0 ? 0 : (double)common / union, adamicAdar, resource);
    }

    /// <summary>|Γ(x)|: the row length, less one when x has a self-loop.</summary>
    private static int Degree(CsrGraph graph, int x)
    {
        ReadOnlySpan<int> row = graph.Neighbors(x);
        return row.BinarySearch(x) >= 0 ? row.Length - 1 : row.Length;
    }

    private static void RequireUndirected(CsrGraph graph)
    {
        if (graph.Directed)
            ThrowHelper.InvalidInput("link-prediction heuristics need an undirected graph; found a directed one (read the edges without --directed)", field: "graph");
    }

    private static void CheckNode(CsrGraph graph, int node, string name)
    {
        if ((uint)node >= (uint)graph.NodeCount)
            throw new ArgumentOutOfRangeException(name, node, $"node index must be in [0, {graph.NodeCount})");
    }

    /// <summary>Throws unless every row is strictly increasing (sorted, no repeated target).</summary>
    internal static void RequireSortedRows(CsrGraph graph)
    {
        for (int x = 0; x < graph.NodeCount; x++) RequireSortedRow(graph, x);
    }

    private static void RequireSortedRow(CsrGraph graph, int x)
    {
        ReadOnlySpan<int> row = graph.Neighbors(x);
        for (int k = 1; k < row.Length; k++)
            if (row[k] <= row[k - 1])
                throw new ArgumentException($"row {x} (node '{graph.NodeIds[x]}') is not sorted by target without repeats, as the edge-list reader builds rows", nameof(graph));
    }
}
