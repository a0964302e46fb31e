using System.Diagnostics;
using Embedkit.SkipGram;

namespace Embedkit.Graphs;

/// <summary>
/// LINE (Tang et al. 2015, "Large-scale Information Network Embedding"): edges sampled by weight,
/// each trained as a skip-gram pair with negatives from degree^0.75, first order (one matrix) or second
/// order (vertex and context matrices; the vertex matrix is returned).
/// </summary>
public static class Line
{
    /// <summary>Learns embeddings of every node of <paramref name="graph"/>.</summary>
    public static EmbeddingSet Embed(CsrGraph graph, LineOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default, string? source = null) =>
        Train(graph, options, progress, cancellationToken, source).Embeddings;

    /// <summary>Learns embeddings and reports samples, pairs and wall time.</summary>
    public static SkipGramRun Train(CsrGraph graph, LineOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (graph.NodeCount == 0) ThrowHelper.InvalidInput("the graph has no nodes", source);
        var clock = Stopwatch.StartNew();
        var pairs = new EdgeSamplePairSource(graph, options);
        var result = SkipGramTrainer.Train(pairs, options.SkipGram, progress, cancellationToken);
        var sg = options.SkipGram;
        long samples = options.SamplesFor(graph.ArcCount);
        var parameters = SkipGramProvenance.Parameters(sg, result.Threads, ("order", options.Order), ("samples", samples),
            ("directed", graph.Directed), ("weighted", graph.IsWeighted));
        var set = new EmbeddingSet(graph.NodeIds, sg.Dimension, result.Vectors, new Provenance("line", parameters, sg.Seed, source));
        return new SkipGramRun(set, new SkipGramStatistics(0, samples * sg.Epochs, result.Pairs, clock.Elapsed.TotalSeconds, result.Threads));
    }
}
