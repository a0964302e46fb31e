namespace Embedkit.Graphs;

/// <summary>
/// Samples random walks on a <see cref="CsrGraph"/> in memory linear in the arcs. First-order walks
/// step to an out-neighbour uniformly, or in proportion to the arc weight (one alias table per node,
/// 8 bytes per arc, built only for weighted graphs). node2vec's second-order walks draw a candidate
/// the same way and accept it with probability α/αmax, α being 1/p for a step back to the previous
/// node t, 1 for a node adjacent to t (binary search in t's sorted row) and 1/q otherwise: the
/// rejection sampling of KnightKing (Yang et al. 2019), which gives node2vec's transition
/// probabilities without its per-arc second-order tables. After 64 rejections a step falls back to
/// the exact distribution over the row, so a step always ends.
/// Walk (start, index) depends only on the seed, the start and the walk index. A walk ends early at
/// a node without out-arcs; it never pads.
/// </summary>
public sealed class RandomWalker
{
    private const int MaxRejections = 64;
    private readonly long[] _offsets;
    private readonly int[] _targets;
    private readonly float[]? _weights;
    private readonly float[]? _aliasProbability;
    private readonly int[]? _alias;
    private readonly double _inverseP;
    private readonly double _inverseQ;
    private readonly double _maxAlpha;
    private readonly bool _secondOrder;
    private readonly ulong _seed;

    /// <summary>Prepares walks of <paramref name="graph"/>; <paramref name="p"/> = <paramref name="q"/> = 1 gives DeepWalk's.</summary>
    public RandomWalker(CsrGraph graph, double p = 1, double q = 1, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(graph);
        RandomWalkOptions.RequireBias(p, "--p (ReturnParameter)");
        RandomWalkOptions.RequireBias(q, "--q (InOutParameter)");
        Graph = graph;
        _seed = seed;
        _secondOrder = p != 1 || q != 1;
        _inverseP = 1 / p;
        _inverseQ = 1 / q;
        _maxAlpha = Math.Max(1, Math.Max(_inverseP, _inverseQ));
        (_offsets, _targets, _weights) = SortedRows(graph, _secondOrder);
        if (_weights is not null) (_aliasProbability, _alias) = BuildAliasTables(_offsets, _weights);
    }

    /// <summary>The graph walked.</summary>
    public CsrGraph Graph { get; }

    /// <summary>
    /// Writes walk number <paramref name="walkIndex"/> from <paramref name="start"/> into
    /// <paramref name="walk"/> (its length is the walk length) and returns the nodes written (1 when
    /// the start has no out-arcs).
    /// </summary>
    public int Walk(int start, long walkIndex, Span<int> walk)
    {
        if (walk.Length == 0) return 0;
        var random = SplitMix64.ForStream(_seed ^ 0x3C6EF372FE94F82BUL, (ulong)walkIndex * (ulong)Graph.NodeCount + (ulong)start);
        walk[0] = start;
        int previous = -1;
        int current = start;
        for (int step = 1; step < walk.Length; step++)
        {
            long begin = _offsets[current];
            int degree = (int)(_offsets[current + 1] - begin);
            if (degree == 0) return step;
            int next = !_secondOrder || previous < 0
                ? _targets[begin + FirstOrderStep(begin, degree, ref random)]
                : SecondOrderStep(previous, begin, degree, ref random);
            walk[step] = next;
            previous = current;
            current = next;
        }
        return walk.Length;
    }

    /// <summary>The nodes walks start from: every node with an out-arc (a walk from any other would have no context).</summary>
    /// <exception cref="InvalidInputException">No node has an out-arc.</exception>
    public static int[] Starts(CsrGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.NodeCount == 0) ThrowHelper.InvalidInput("the graph has no nodes: random walks need arcs");
        int[] starts = Enumerable.Range(0, graph.NodeCount).Where(v => graph.OutDegree(v) > 0).ToArray();
        if (starts.Length == 0)
            ThrowHelper.InvalidInput($"every one of the graph's {graph.NodeCount} nodes is isolated: random walks need arcs");
        return starts;
    }

    /// <summary>The order in which walk round <paramref name="round"/> visits <paramref name="starts"/>: shuffled per round, as DeepWalk does.</summary>
    public static void StartOrder(ReadOnlySpan<int> starts, ulong seed, long round, Span<int> order)
    {
        starts.CopyTo(order);
        var random = SplitMix64.ForStream(seed ^ 0xA54FF53A5F1D36F1UL, (ulong)round);
        random.Shuffle(order[..starts.Length]);
    }

    /// <summary>
    /// Writes the walks DeepWalk or node2vec trains on in epoch <paramref name="epoch"/>, one per line,
    /// node ids separated by spaces, in training order: the corpus to feed another word2vec (gensim)
    /// for a like-for-like comparison. Node ids must not contain whitespace.
    /// </summary>
    public void WriteWalks(TextWriter writer, int walksPerNode, int walkLength, int epoch = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ThrowHelper.RequireOption(walksPerNode > 0, "--walks (WalksPerNode)", "a positive integer", walksPerNode);
        ThrowHelper.RequireOption(walkLength >= 2 && walkLength <= RandomWalkOptions.MaxWalkLength, "--walk-length (WalkLength)",
            $"an integer in 2..{RandomWalkOptions.MaxWalkLength}", walkLength);
        foreach (string id in Graph.NodeIds)
            if (id.Any(char.IsWhiteSpace))
                ThrowHelper.InvalidInput($"node id '{id}' contains whitespace, which a walk file separates tokens with", field: "node id");
        int[] starts = Starts(Graph);
        int[] order = new int[starts.Length];
        int[] walk = new int[walkLength];
        for (int r = 0; r < walksPerNode; r++)
        {
            long round = (long)epoch * walksPerNode + r;
            StartOrder(starts, _seed, round, order);
            foreach (int start in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int length = Walk(start, round, walk);
                for (int i = 0; i < length; i++)
                {
                    if (i > 0) writer.Write(' ');
                    writer.Write(Graph.NodeIds[walk[i]]);
                }
                writer.Write('\n');
            }
        }
    }

    private int FirstOrderStep(long begin, int degree, ref SplitMix64 random)
    {
        if (_alias is null) return random.NextBelow(degree);
        return AliasTable.Sample(_aliasProbability.AsSpan((int)begin, degree), _alias.AsSpan((int)begin, degree), random.NextUInt64());
    }

    private int SecondOrderStep(int previous, long begin, int degree, ref SplitMix64 random)
    {
        for (int attempt = 0; attempt < MaxRejections; attempt++)
        {
            int candidate = _targets[begin + FirstOrderStep(begin, degree, ref random)];
            if (random.NextDouble() * _maxAlpha < Alpha(previous, candidate)) return candidate;
        }
        // Exact draw over the row: weight·α for every out-neighbour.
        double total = 0;
        for (int i = 0; i < degree; i++) total += ArcWeight(begin + i) * Alpha(previous, _targets[begin + i]);
        double u = random.NextDouble() * total;
        for (int i = 0; i < degree; i++)
        {
            u -= ArcWeight(begin + i) * Alpha(previous, _targets[begin + i]);
            if (u < 0) return _targets[begin + i];
        }
        return _targets[begin + degree - 1];
    }

    private double ArcWeight(long arc) => _weights is null ? 1 : _weights[arc];

    /// <summary>node2vec's search bias α(t, x) for a step to x after t.</summary>
    private double Alpha(int previous, int candidate)
    {
        if (candidate == previous) return _inverseP;
        long begin = _offsets[previous];
        int degree = (int)(_offsets[previous + 1] - begin);
        return _targets.AsSpan((int)begin, degree).BinarySearch(candidate) >= 0 ? 1 : _inverseQ;
    }

    /// <summary>The graph's rows, sorted by target when second-order steps need to search them (copied only if they are not).</summary>
    private static (long[] Offsets, int[] Targets, float[]? Weights) SortedRows(CsrGraph graph, bool needSorted)
    {
        long[] offsets = graph.OffsetArray;
        int[] targets = graph.TargetArray;
        float[]? weights = graph.WeightArray;
        if (weights is not null)
            foreach (float w in weights)
                if (!(w >= 0) || float.IsInfinity(w))
                    ThrowHelper.InvalidInput($"random walks need finite, non-negative arc weights; found {w}", field: "weight");
        if (!needSorted || AllRowsSorted(offsets, targets)) return (offsets, targets, weights);
        targets = (int[])targets.Clone();
        weights = (float[]?)weights?.Clone();
        for (int v = 0; v + 1 < offsets.Length; v++)
        {
            var row = targets.AsSpan((int)offsets[v], (int)(offsets[v + 1] - offsets[v]));
            if (weights is null) row.Sort();
            else row.Sort(weights.AsSpan((int)offsets[v], row.Length));
        }
        return (offsets, targets, weights);
    }

    private static bool AllRowsSorted(long[] offsets, int[] targets)
    {
        for (int v = 0; v + 1 < offsets.Length; v++)
            for (long i = offsets[v] + 1; i < offsets[v + 1]; i++)
                if (targets[i - 1] > targets[i]) return false;
        return true;
    }

    private static (float[] Probability, int[] Alias) BuildAliasTables(long[] offsets, float[] weights)
    {
        var probability = new float[weights.Length];
        var alias = new int[weights.Length];
        int maxDegree = 0;
        for (int v = 0; v + 1 < offsets.Length; v++) maxDegree = Math.Max(maxDegree, (int)(offsets[v + 1] - offsets[v]));
        var w = new double[maxDegree];
        var scaled = new double[maxDegree];
        var small = new int[maxDegree];
        var large = new int[maxDegree];
        for (int v = 0; v + 1 < offsets.Length; v++)
        {
            int begin = (int)offsets[v];
            int degree = (int)(offsets[v + 1] - begin);
            if (degree == 0) continue;
            bool positive = false;
            for (int i = 0; i < degree; i++) { w[i] = Math.Max(0, weights[begin + i]); positive |= w[i] > 0; }
            if (!positive) w.AsSpan(0, degree).Fill(1);
            AliasTable.Build(w.AsSpan(0, degree), probability.AsSpan(begin, degree), alias.AsSpan(begin, degree),
                scaled.AsSpan(0, degree), small.AsSpan(0, degree), large.AsSpan(0, degree));
        }
        return (probability, alias);
    }
}
