using System.Diagnostics;
using Embedkit.SkipGram;

namespace Embedkit.Text;

/// <summary>
/// word2vec's skip-gram with negative sampling (Mikolov et al. 2013) on a <see cref="WordCorpus"/>,
/// trained by the same engine as DeepWalk and node2vec. With <c>Subsample = 0</c> and
/// <c>minCount = 1</c>, a file of random walks trains exactly as DeepWalk does on those walks.
/// </summary>
public static class Word2Vec
{
    /// <summary>word2vec's and gensim's defaults for text: d = 100, window 5, 5 negatives, 5 epochs, sub-sampling 1e-3.</summary>
    public static SkipGramOptions TextDefaults { get; } = new() { Dimension = 100, Window = 5, Epochs = 5, Subsample = 1e-3 };

    /// <summary>Learns one vector per word of <paramref name="corpus"/>.</summary>
    public static SkipGramRun Train(WordCorpus corpus, SkipGramOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var pairs = new SentencePairSource(corpus, options);
        var result = SkipGramTrainer.Train(pairs, options, progress, cancellationToken);
        var parameters = SkipGramProvenance.Parameters(options, result.Threads, ("window", options.Window),
            ("subsample", options.Subsample), ("vocabulary", corpus.Words.Count), ("tokens", corpus.TokenCount));
        var set = new EmbeddingSet(corpus.Words, options.Dimension, result.Vectors, new Provenance("word2vec", parameters, options.Seed, source));
        var statistics = new SkipGramStatistics((long)corpus.SentenceCount * options.Epochs, corpus.TokenCount * options.Epochs,
            result.Pairs, clock.Elapsed.TotalSeconds, result.Threads);
        return new SkipGramRun(set, statistics);
    }
}
