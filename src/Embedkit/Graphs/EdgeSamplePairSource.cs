using Embedkit.SkipGram;

namespace Embedkit.Graphs;

/// <summary>
/// LINE's positive pairs: arcs drawn with probability ∝ weight from one alias table over all arcs
/// (an undirected edge is two arcs, so both directions are trained). Samples are drawn in batches of
/// 1,024 whose randomness depends on (seed, batch) only. Negatives follow the weighted degree.
/// </summary>
internal sealed class EdgeSamplePairSource : PairSource
{
    private const int Batch = 1024;
    private const int BatchesPerChunk = 1024;
    private readonly CsrGraph _graph;
    private readonly AliasTable? _arcs;
    private readonly int[] _sources;
    private readonly long _samples;
    private readonly bool _firstOrder;
    private readonly ulong _seed;
    private readonly double[] _frequencies;

    public EdgeSamplePairSource(CsrGraph graph, LineOptions options)
    {
        _graph = graph;
        if (graph.ArcCount == 0) ThrowHelper.InvalidInput($"the graph's {graph.NodeCount} nodes have no edges: LINE samples edges");
        _samples = options.SamplesFor(graph.ArcCount);
        _firstOrder = options.Order == 1;
        _seed = options.SkipGram.Seed;
        _sources = new int[graph.ArcCount];
        var offsets = graph.Offsets;
        for (int v = 0; v < graph.NodeCount; v++)
            for (long i = offsets[v]; i < offsets[v + 1]; i++) _sources[i] = v;
        if (graph.IsWeighted)
        {
            var weights = new double[graph.ArcCount];
            var w = graph.Weights;
            for (int i = 0; i < weights.Length; i++)
            {
                if (!(w[i] >= 0) || float.IsInfinity(w[i]))
                    ThrowHelper.InvalidInput($"LINE needs finite, non-negative edge weights; found {w[i]}", field: "weight");
                weights[i] = w[i];
            }
            if (weights.All(x => x == 0)) ThrowHelper.InvalidInput("every edge weight is 0: LINE samples edges by weight", field: "weight");
            _arcs = AliasTable.Create(weights);
        }
        _frequencies = new double[graph.NodeCount];
        for (int v = 0; v < graph.NodeCount; v++) _frequencies[v] = graph.WeightedOutDegree(v);
    }

    public override int RowCount => _graph.NodeCount;

    public override ReadOnlySpan<double> Frequencies => _frequencies;

    public override bool TiedOutput => _firstOrder;

    private long BatchesPerEpoch => (_samples + Batch - 1) / Batch;

    public override long ChunksPerEpoch => (BatchesPerEpoch + BatchesPerChunk - 1) / BatchesPerChunk;

    public override void Generate(int epoch, long chunk, int slice, int slices, PairSink sink)
    {
        long firstBatch = chunk * BatchesPerChunk;
        long batches = Math.Min(BatchesPerChunk, BatchesPerEpoch - firstBatch);
        long from = firstBatch + batches * slice / slices;
        long to = firstBatch + batches * (slice + 1) / slices;
        var targets = _graph.Targets;
        int arcs = targets.Length;
        for (long batch = from; batch < to; batch++)
        {
            long count = Math.Min(Batch, _samples - batch * Batch);
            var random = SplitMix64.ForStream(_seed ^ 0x9B05688C2B3E6C1FUL, (ulong)epoch * (ulong)BatchesPerEpoch + (ulong)batch);
            for (int i = 0; i < count; i++)
            {
                int arc = _arcs is null ? random.NextBelow(arcs) : _arcs.Sample(random.NextUInt64());
                sink.Add(_sources[arc], targets[arc]);
            }
        }
    }
}
