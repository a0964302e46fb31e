using System.Diagnostics;
using Embedkit.SkipGram;

namespace Embedkit.Graphs;

/// <summary>
/// DeepWalk (Perozzi et al. 2014) and node2vec (Grover and Leskovec 2016): random walks from every
/// node (second-order when p or q is not 1), each fed to skip-gram with negative sampling as a
/// sentence whose tokens are nodes. Walks are sampled while training and never stored; every epoch
/// samples fresh walks. Memory: the graph, two n × d float32 matrices and one chunk of pairs.
/// </summary>
public static class RandomWalkEmbedding
{
    /// <summary>Learns embeddings of every node of <paramref name="graph"/>.</summary>
    /// <exception cref="InvalidInputException">An option is out of range, or the graph has no arcs.</exception>
    public static EmbeddingSet Embed(CsrGraph graph, RandomWalkOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default, string? source = null) =>
        Train(graph, options, progress, cancellationToken, source).Embeddings;

    /// <summary>Learns embeddings and reports walks, tokens, pairs and wall time.</summary>
    public static SkipGramRun Train(CsrGraph graph, RandomWalkOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (graph.NodeCount == 0) ThrowHelper.InvalidInput("the graph has no nodes", source);
        var clock = Stopwatch.StartNew();
        var pairs = new WalkPairSource(graph, options);
        var result = SkipGramTrainer.Train(pairs, options.SkipGram, progress, cancellationToken);
        var sg = options.SkipGram;
        string method = options.IsSecondOrder ? "node2vec" : "deepwalk";
        var parameters = SkipGramProvenance.Parameters(sg, result.Threads, ("walks", options.WalksPerNode),
            ("walk_length", options.WalkLength), ("p", options.ReturnParameter), ("q", options.InOutParameter), ("window", sg.Window),
            ("subsample", sg.Subsample), ("directed", graph.Directed), ("weighted", graph.IsWeighted));
        var set = new EmbeddingSet(graph.NodeIds, sg.Dimension, result.Vectors, new Provenance(method, parameters, sg.Seed, source));
        var statistics = new SkipGramStatistics(pairs.Walks, pairs.Tokens, result.Pairs, clock.Elapsed.TotalSeconds, result.Threads);
        return new SkipGramRun(set, statistics);
    }
}
