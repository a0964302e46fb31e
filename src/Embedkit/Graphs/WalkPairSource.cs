using Embedkit.SkipGram;

namespace Embedkit.Graphs;

/// <summary>
/// Skip-gram pairs from random walks, generated on the fly (GraphVite's online augmentation: the walk
/// corpus is never stored). Walk round r (r = 0..walks − 1 in each epoch) starts once from every node
/// with out-arcs, in an order shuffled per round as DeepWalk does; a chunk is a run of starts within
/// one round. Walk (start, epoch · walks + r) is reproducible on its own. Negatives follow the
/// weighted degree (in-degree for directed graphs), the frequency a walk visits a node with.
/// </summary>
internal sealed class WalkPairSource : PairSource
{
    private const int TokensPerChunk = 1 << 17;
    private readonly RandomWalker _walker;
    private readonly RandomWalkOptions _options;
    private readonly int[] _starts;
    private readonly int[] _order;
    private readonly int _walksPerChunk;
    private readonly long _chunksPerRound;
    private readonly double[] _frequencies;
    private readonly ThreadLocal<int[]> _buffers;
    private long _preparedRound = -1;
    private long _tokens;

    public WalkPairSource(CsrGraph graph, RandomWalkOptions options)
    {
        _options = options;
        _walker = new RandomWalker(graph, options.ReturnParameter, options.InOutParameter, options.SkipGram.Seed);
        _starts = RandomWalker.Starts(graph);
        _order = new int[_starts.Length];
        _walksPerChunk = Math.Max(1, TokensPerChunk / options.WalkLength);
        _chunksPerRound = (_starts.Length + _walksPerChunk - 1) / _walksPerChunk;
        _frequencies = VisitFrequencies(graph);
        _buffers = new ThreadLocal<int[]>(() => new int[options.WalkLength]);
    }

    public override int RowCount => _walker.Graph.NodeCount;

    public override ReadOnlySpan<double> Frequencies => _frequencies;

    public override long ChunksPerEpoch => _chunksPerRound * _options.WalksPerNode;

    /// <summary>Walk tokens generated so far.</summary>
    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Walks generated so far.</summary>
    public long Walks { get; private set; }

    public override void Prepare(int epoch, long chunk)
    {
        long round = (long)epoch * _options.WalksPerNode + chunk / _chunksPerRound;
        if (round == _preparedRound) return;
        RandomWalker.StartOrder(_starts, _options.SkipGram.Seed, round, _order);
        _preparedRound = round;
    }

    public override void Generate(int epoch, long chunk, int slice, int slices, PairSink sink)
    {
        long round = (long)epoch * _options.WalksPerNode + chunk / _chunksPerRound;
        int first = (int)(chunk % _chunksPerRound) * _walksPerChunk;
        int count = Math.Min(_walksPerChunk, _order.Length - first);
        int from = first + (int)((long)count * slice / slices);
        int to = first + (int)((long)count * (slice + 1) / slices);
        int[] buffer = _buffers.Value!;
        long tokens = 0;
        for (int i = from; i < to; i++)
        {
            int start = _order[i];
            int length = _walker.Walk(start, round, buffer);
            tokens += length;
            var random = SplitMix64.ForStream(_options.SkipGram.Seed ^ 0x510E527FADE682D1UL, (ulong)round * (ulong)RowCount + (ulong)start);
            WindowPairs.Add(buffer.AsSpan(0, length), _options.SkipGram.Window, ref random, sink);
        }
        Interlocked.Add(ref _tokens, tokens);
        if (slice == 0) Walks += count;
    }

    private static double[] VisitFrequencies(CsrGraph graph)
    {
        var frequencies = new double[graph.NodeCount];
        var targets = graph.Targets;
        var weights = graph.Weights;
        for (int i = 0; i < targets.Length; i++) frequencies[targets[i]] += weights.IsEmpty ? 1 : weights[i];
        return frequencies;
    }
}
