using Embedkit.Graphs;

namespace Embedkit.Evaluation;

/// <summary>
/// A link-prediction split of an undirected graph (node2vec's protocol, Grover and Leskovec 2016, §4.4):
/// <list type="number">
/// <item>with <see cref="LinkPredictionSplitOptions.KeepConnected"/>, a random spanning forest is drawn (edges in
/// seeded random order, kept by union-find when they join two components) and its edges are never held out, so
/// the residual graph has the input's connected components;</item>
/// <item>round(<see cref="LinkPredictionSplitOptions.HoldoutFraction"/> · edges) of the other edges, drawn
/// uniformly, are held out: they are the test positives and are absent from <see cref="Residual"/>;</item>
/// <item>as many distinct non-edges (pairs u ≠ v that are not edges of the full graph) are drawn uniformly as
/// test negatives;</item>
/// <item>for scorers that learn (the Hadamard logistic regression), the training positives are a uniform sample of
/// the residual edges, as many as the test positives (or all of them when fewer), and the training negatives as
/// many further non-edges of the full graph, disjoint from the test negatives.</item>
/// </list>
/// Every draw comes from a stream seeded by (<see cref="LinkPredictionSplitOptions.Seed"/>, step), so the same
/// graph and options give the same split. The residual graph has the input's node ids in the input's order (so
/// embeddings trained on it line up) and keeps the weights and any self-loops of the edges it keeps; only edges
/// between two distinct nodes are held out or counted in <see cref="EdgeCount"/>. Directed graphs are refused.
/// Time and memory are linear in the edges (non-edges are drawn by rejection, checked by binary search in the
/// sorted rows); <see cref="Write"/> and <see cref="Read"/> store a split in a folder.
/// </summary>
public sealed partial class LinkPredictionSplit
{
    private const ulong ForestStream = 0, HoldoutStream = 1, NonEdgeStream = 2, TrainStream = 3;

    private readonly NodePair[] _test;
    private readonly NodePair[] _train;

    private LinkPredictionSplit(CsrGraph residual, NodePair[] test, NodePair[] train, LinkPredictionSplitOptions options,
        int edgeCount, int requested, string? source, IReadOnlyList<string> warnings)
    {
        Residual = residual;
        _test = test;
        _train = train;
        Options = options;
        EdgeCount = edgeCount;
        RequestedHeldOutEdges = requested;
        HeldOutEdges = test.Count(p => p.IsEdge);
        Source = source;
        Warnings = warnings;
    }

    /// <summary>The input graph less the held-out edges: same node ids, same node order, rows sorted by target.</summary>
    public CsrGraph Residual { get; }

    /// <summary>Node ids, indexed by the node indices of the pairs (those of the input graph and of <see cref="Residual"/>).</summary>
    public IReadOnlyList<string> NodeIds => Residual.NodeIds;

    /// <summary>Test pairs: the held-out edges (positives) first, then as many non-edges (negatives).</summary>
    public IReadOnlyList<NodePair> TestPairs => _test;

    /// <summary>Training pairs: residual edges (positives) first, then as many non-edges disjoint from the test negatives.</summary>
    public IReadOnlyList<NodePair> TrainPairs => _train;

    internal ReadOnlySpan<NodePair> TestSpan => _test;

    internal ReadOnlySpan<NodePair> TrainSpan => _train;

    /// <summary>The options the split was made with.</summary>
    public LinkPredictionSplitOptions Options { get; }

    /// <summary>Edges between two distinct nodes in the input graph.</summary>
    public int EdgeCount { get; }

    /// <summary>round(HoldoutFraction · EdgeCount), at least 1 and at most EdgeCount − 1: what was asked for.</summary>
    public int RequestedHeldOutEdges { get; }

    /// <summary>Edges actually held out (the test positives); fewer than requested when the spanning forest needs the rest.</summary>
    public int HeldOutEdges { get; }

    /// <summary>Edges between two distinct nodes left in <see cref="Residual"/>.</summary>
    public int ResidualEdgeCount => EdgeCount - HeldOutEdges;

    /// <summary>The file the graph was read from, if given; recorded in the split files.</summary>
    public string? Source { get; }

    /// <summary>Sentences for the user when fewer edges than requested could be held out (KeepConnected); empty otherwise.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Splits <paramref name="graph"/>; <paramref name="source"/> names it in messages and in the split files.</summary>
    /// <exception cref="InvalidInputException">
    /// When an option is out of range, the graph is directed, has fewer than 2 edges, no edge can be held out while
    /// keeping its components, or it is too dense to supply the non-edges.
    /// </exception>
    /// <exception cref="ArgumentException">When a row of the graph is not sorted without repeats or an edge is stored in one direction only.</exception>
    public static LinkPredictionSplit Create(CsrGraph graph, LinkPredictionSplitOptions options, string? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (graph.Directed)
            ThrowHelper.InvalidInput("link prediction needs an undirected graph; found a directed one (read the edges without --directed)", source);
        LinkHeuristics.RequireSortedRows(graph);
        var (sources, targets) = Edges(graph);
        int m = sources.Length, n = graph.NodeCount;
        if (m < 2)
            ThrowHelper.InvalidInput($"link prediction needs at least 2 edges between distinct nodes; found {m}", source);
        int requested = (int)Math.Clamp(Math.Round(options.HoldoutFraction * m, MidpointRounding.AwayFromZero), 1, m - 1);
        cancellationToken.ThrowIfCancellationRequested();

        // 1. The spanning forest (KeepConnected): Kruskal's algorithm over a seeded random edge order.
        var removable = new bool[m];
        int components = n;
        if (options.KeepConnected)
        {
            int[] order = Identity(m);
            SplitMix64.ForStream(options.Seed, ForestStream).Shuffle(order);
            var forest = new UnionFind(n);
            foreach (int e in order)
            {
                if (forest.Union(sources[e], targets[e])) components--;
                else removable[e] = true;
            }
        }
        else
        {
            Array.Fill(removable, true);
        }

        // 2. The held-out edges: a uniform sample of the removable ones, in draw order.
        int[] candidates = [.. Enumerable.Range(0, m).Where(e => removable[e])];
        int held = Math.Min(requested, candidates.Length);
        if (held == 0)
            ThrowHelper.InvalidInput(
                "no edge can be held out: every edge is needed by the spanning forest that keeps the graph's connected components (the graph is a forest); turn off KeepConnected (CLI: --no-keep-connected)",
                source);
        var rng = SplitMix64.ForStream(options.Seed, HoldoutStream);
        PartialShuffle(candidates, held, ref rng);
        var heldOut = new bool[m];
        var test = new NodePair[2 * held];
        for (int i = 0; i < held; i++)
        {
            int e = candidates[i];
            heldOut[e] = true;
            test[i] = new NodePair(sources[e], targets[e], true);
        }
        CsrGraph residual = Remove(graph, test.AsSpan(0, held));
        cancellationToken.ThrowIfCancellationRequested();

        // 3. The training positives: a uniform sample of the residual edges.
        int[] kept = [.. Enumerable.Range(0, m).Where(e => !heldOut[e])];
        int trainPositives = Math.Min(held, kept.Length);
        rng = SplitMix64.ForStream(options.Seed, TrainStream);
        PartialShuffle(kept, trainPositives, ref rng);
        var train = new NodePair[2 * trainPositives];
        for (int i = 0; i < trainPositives; i++) train[i] = new NodePair(sources[kept[i]], targets[kept[i]], true);

        // 4. The negatives: distinct non-edges of the full graph, test ones first.
        (int U, int V)[] negatives = SampleNonEdges(graph, m, held + trainPositives, options.Seed, source, cancellationToken);
        for (int i = 0; i < held; i++) test[held + i] = new NodePair(negatives[i].U, negatives[i].V, false);
        for (int i = 0; i < trainPositives; i++) train[trainPositives + i] = new NodePair(negatives[held + i].U, negatives[held + i].V, false);

        var warnings = new List<string>();
        if (held < requested)
            warnings.Add($"held out only {held:N0} of the requested {requested:N0} edges ({options.HoldoutFraction:0.###} of {m:N0}, achieved {(double)held / m:0.###}): " +
                $"the other {m - held:N0} include the spanning forest of {n - components:N0} edges that keeps the graph's {components:N0} connected components");
        return new LinkPredictionSplit(residual, test, train, options, m, requested, source, warnings);
    }

    /// <summary>Edges u &lt; v in row order (self-loops left out); checks that every edge is stored in both rows.</summary>
    private static (int[] Sources, int[] Targets) Edges(CsrGraph graph)
    {
        int n = graph.NodeCount;
        long forward = 0, backward = 0;
        for (int u = 0; u < n; u++)
            foreach (int v in graph.Neighbors(u))
            {
                if (v > u) forward++;
                else if (v < u) backward++;
            }
        if (forward != backward || forward > int.MaxValue)
            throw new ArgumentException($"an undirected graph stores each edge as two arcs; found {forward} arcs u→v with u < v and {backward} with u > v", nameof(graph));
        var sources = new int[forward];
        var targets = new int[forward];
        int k = 0;
        for (int u = 0; u < n; u++)
        {
            ReadOnlySpan<int> row = graph.Neighbors(u);
            foreach (int v in row)
            {
                if (v <= u) continue;
                if (graph.Neighbors(v).BinarySearch(u) < 0)
                    throw new ArgumentException($"arc '{graph.NodeIds[u]}' → '{graph.NodeIds[v]}' has no reverse arc; an undirected graph stores each edge as two arcs", nameof(graph));
                sources[k] = u;
                targets[k++] = v;
            }
        }
        return (sources, targets);
    }

    /// <summary>The graph without the given edges (each removed from both rows); rows keep their order and weights.</summary>
    private static CsrGraph Remove(CsrGraph graph, ReadOnlySpan<NodePair> edges)
    {
        int n = graph.NodeCount;
        ReadOnlySpan<long> offsets = graph.Offsets;
        var removed = new bool[graph.ArcCount];
        foreach (NodePair p in edges)
        {
            removed[offsets[p.U] + graph.Neighbors(p.U).BinarySearch(p.V)] = true;
            removed[offsets[p.V] + graph.Neighbors(p.V).BinarySearch(p.U)] = true;
        }
        long arcs = graph.ArcCount - 2L * edges.Length;
        var newOffsets = new long[n + 1];
        var newTargets = new int[arcs];
        float[]? newWeights = graph.IsWeighted ? new float[arcs] : null;
        ReadOnlySpan<int> targets = graph.Targets;
        ReadOnlySpan<float> weights = graph.Weights;
        long write = 0;
        for (int u = 0; u < n; u++)
        {
            for (long a = offsets[u]; a < offsets[u + 1]; a++)
            {
                if (removed[a]) continue;
                newTargets[write] = targets[(int)a];
                if (newWeights is not null) newWeights[write] = weights[(int)a];
                write++;
            }
            newOffsets[u + 1] = write;
        }
        return new CsrGraph(graph.NodeIds, newOffsets, newTargets, newWeights, directed: false);
    }

    /// <summary>
    /// <paramref name="count"/> distinct pairs u &lt; v that are not edges of <paramref name="graph"/>, uniformly: by
    /// rejection while non-edges are plentiful, else by listing them all and drawing without replacement.
    /// </summary>
    private static (int U, int V)[] SampleNonEdges(CsrGraph graph, int edges, int count, ulong seed, string? source, CancellationToken ct)
    {
        int n = graph.NodeCount;
        long available = (long)n * (n - 1) / 2 - edges;
        if (count > available)
            ThrowHelper.InvalidInput(
                $"the graph is too dense for this split: it has {available:N0} non-edges but the split needs {count:N0} (as many as the held-out and training positives); use a smaller holdout fraction",
                source);
        var rng = SplitMix64.ForStream(seed, NonEdgeStream);
        var result = new (int U, int V)[count];
        if (2L * count > available)
        {
            // Dense graph: fewer than two non-edges per draw, so list them (at most 2·count of them) and sample.
            var all = new List<(int, int)>((int)available);
            for (int u = 0; u < n; u++)
            {
                ReadOnlySpan<int> row = graph.Neighbors(u);
                int i = 0;
                for (int v = u + 1; v < n; v++)
                {
                    while (i < row.Length && row[i] < v) i++;
                    if (i < row.Length && row[i] == v) continue;
                    all.Add((u, v));
                }
            }
            var list = all.ToArray();
            var indices = Identity(list.Length);
            PartialShuffle(indices, count, ref rng);
            for (int i = 0; i < count; i++) result[i] = list[indices[i]];
            return result;
        }

        var seen = new HashSet<long>(count);
        int found = 0;
        for (long draws = 0; found < count; draws++)
        {
            if ((draws & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            int u = rng.NextBelow(n), v = rng.NextBelow(n);
            if (u == v) continue;
            if (u > v) (u, v) = (v, u);
            if (IsEdge(graph, u, v)) continue;
            // Multiplying by an odd constant is a bijection that mixes the bits (long.GetHashCode is lo ^ hi).
            if (!seen.Add(unchecked((((long)u << 32) | (uint)v) * (long)0x9E3779B97F4A7C15UL))) continue;
            result[found++] = (u, v);
        }
        return result;
    }

    /// <summary>Whether u–v is an edge: a binary search in the shorter of the two sorted rows.</summary>
    internal static bool IsEdge(CsrGraph graph, int u, int v) =>
        graph.OutDegree(u) <= graph.OutDegree(v) ? graph.Neighbors(u).BinarySearch(v) >= 0 : graph.Neighbors(v).BinarySearch(u) >= 0;

    private static int[] Identity(int count)
    {
        var items = new int[count];
        for (int i = 0; i < count; i++) items[i] = i;
        return items;
    }

    /// <summary>The first <paramref name="count"/> items become a uniform sample without replacement, in draw order (Fisher–Yates).</summary>
    private static void PartialShuffle(int[] items, int count, ref SplitMix64 rng)
    {
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.NextBelow(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Disjoint sets with path halving and union by size.</summary>
    private sealed class UnionFind
    {
        private readonly int[] _parent;
        private readonly int[] _size;

        public UnionFind(int n)
        {
            _parent = Identity(n);
            _size = new int[n];
            Array.Fill(_size, 1);
        }

        /// <summary>Joins the sets of a and b; false when they were already one set.</summary>
        public bool Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b) return false;
            if (_size[a] < _size[b]) (a, b) = (b, a);
            _parent[b] = a;
            _size[a] += _size[b];
            return true;
        }

        private int Find(int x)
        {
            while (_parent[x] != x)
            {
                _parent[x] = _parent[_parent[x]];
                x = _parent[x];
            }
            return x;
        }
    }
}
