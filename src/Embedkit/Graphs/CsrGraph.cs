namespace Embedkit.Graphs;

/// <summary>
/// A graph in compressed sparse row form: for node <c>v</c>, its out-arcs are
/// <c>Targets[Offsets[v] .. Offsets[v+1])</c> with weights at the same positions. An undirected
/// edge is stored as two arcs. Memory is proportional to nodes + arcs; arc counts are 64-bit.
/// </summary>
public sealed class CsrGraph
{
    private readonly long[] _offsets;
    private readonly int[] _targets;
    private readonly float[]? _weights;

    /// <summary>
    /// Creates a graph from CSR arrays (not copied). <paramref name="weights"/> null means every weight is 1.
    /// Offsets must not decrease and every target must be a node index: encoders rely on it.
    /// </summary>
    public CsrGraph(IReadOnlyList<string> nodeIds, long[] offsets, int[] targets, float[]? weights, bool directed)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(targets);
        if (offsets.Length != nodeIds.Count + 1)
            throw new ArgumentException($"offsets has {offsets.Length} entries; expected nodes + 1 = {nodeIds.Count + 1}", nameof(offsets));
        if (offsets[^1] != targets.LongLength)
            throw new ArgumentException($"offsets end at {offsets[^1]} but there are {targets.LongLength} targets", nameof(targets));
        if (weights is not null && weights.LongLength != targets.LongLength)
            throw new ArgumentException("weights and targets differ in length", nameof(weights));
        for (int v = 0; v < nodeIds.Count; v++)
            if (offsets[v] > offsets[v + 1]) throw new ArgumentException($"offsets decrease at node {v}", nameof(offsets));
        int n = nodeIds.Count;
        foreach (int t in targets)
            if ((uint)t >= (uint)n) throw new ArgumentException($"arc target {t} is outside 0..{n - 1}", nameof(targets));
        NodeIds = nodeIds;
        _offsets = offsets;
        _targets = targets;
        _weights = weights;
        Directed = directed;
    }

    /// <summary>Node ids as the user gave them, indexed by node index.</summary>
    public IReadOnlyList<string> NodeIds { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => NodeIds.Count;

    /// <summary>Number of stored arcs (twice the edge count for an undirected graph, less self-loops).</summary>
    public long ArcCount => _targets.LongLength;

    /// <summary>Whether arcs were read as directed.</summary>
    public bool Directed { get; }

    /// <summary>Whether the graph carries explicit weights.</summary>
    public bool IsWeighted => _weights is not null;

    /// <summary>Row offsets (length nodes + 1).</summary>
    public ReadOnlySpan<long> Offsets => _offsets;

    /// <summary>All arc targets, in CSR order.</summary>
    public ReadOnlySpan<int> Targets => _targets;

    /// <summary>All arc weights in CSR order, or empty when the graph is unweighted.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    internal long[] OffsetArray => _offsets;

    internal int[] TargetArray => _targets;

    internal float[]? WeightArray => _weights;

    /// <summary>Out-neighbours of <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> Neighbors(int node)
    {
        long start = _offsets[node];
        return _targets.AsSpan((int)start, (int)(_offsets[node + 1] - start));
    }

    /// <summary>Weights of the out-arcs of <paramref name="node"/>, or empty when unweighted.</summary>
    public ReadOnlySpan<float> NeighborWeights(int node)
    {
        if (_weights is null) return default;
        long start = _offsets[node];
        return _weights.AsSpan((int)start, (int)(_offsets[node + 1] - start));
    }

    /// <summary>Number of out-arcs of <paramref name="node"/>.</summary>
    public int OutDegree(int node) => (int)(_offsets[node + 1] - _offsets[node]);

    /// <summary>Sum of out-arc weights of <paramref name="node"/> (the arc count when unweighted).</summary>
    public double WeightedOutDegree(int node)
    {
        if (_weights is null) return OutDegree(node);
        double sum = 0;
        foreach (float w in NeighborWeights(node)) sum += w;
        return sum;
    }
}
