namespace Embedkit.SkipGram;

/// <summary>What a skip-gram run did, for throughput reports.</summary>
/// <param name="Sentences">Walks (or sentences, or edge-sample batches) trained on.</param>
/// <param name="Tokens">Tokens in those walks or sentences (edge samples for LINE).</param>
/// <param name="Pairs">Positive pairs trained, each with its negatives.</param>
/// <param name="Seconds">Wall time of sampling and training.</param>
/// <param name="Threads">Worker threads used.</param>
public sealed record SkipGramStatistics(long Sentences, long Tokens, long Pairs, double Seconds, int Threads)
{
    /// <summary>Tokens per second.</summary>
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;

    /// <summary>Sentences (walks) per second.</summary>
    public double SentencesPerSecond => Seconds > 0 ? Sentences / Seconds : 0;
}
