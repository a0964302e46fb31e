namespace Embedkit.SkipGram;

/// <summary>
/// Options of skip-gram with negative sampling (Mikolov et al. 2013), shared by DeepWalk, node2vec,
/// LINE and word2vec. Defaults are word2vec's and gensim's where those agree (learning rate 0.025
/// decaying linearly to 0.0001, 5 negatives, unigram^0.75 negatives); the window is DeepWalk's 10.
/// </summary>
public sealed record SkipGramOptions
{
    /// <summary>Largest accepted <see cref="Dimension"/>.</summary>
    public const int MaxDimension = 65_536;

    /// <summary>Embedding dimension, 1..<see cref="MaxDimension"/>.</summary>
    public int Dimension { get; init; } = 128;

    /// <summary>
    /// Maximum distance between a token and a context token. As in word2vec, each centre token draws
    /// its own effective window uniformly from 1..Window (nearer context counts more).
    /// </summary>
    public int Window { get; init; } = 10;

    /// <summary>Negative samples per positive pair.</summary>
    public int Negatives { get; init; } = 5;

    /// <summary>Passes over the corpus.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Initial learning rate (word2vec's alpha).</summary>
    public double LearningRate { get; init; } = 0.025;

    /// <summary>Learning rate reached at the end of training (gensim's min_alpha); the decay is linear.</summary>
    public double MinLearningRate { get; init; } = 0.0001;

    /// <summary>
    /// Sub-sampling threshold t of frequent tokens (word2vec's <c>-sample</c>): a token of corpus share f is
    /// kept with probability (√(f/t) + 1)·t/f. 0 turns it off (the default for graphs; word2vec uses 1e-3).
    /// </summary>
    public double Subsample { get; init; }

    /// <summary>Exponent of the token counts in the negative-sampling distribution.</summary>
    public double NegativeExponent { get; init; } = 0.75;

    /// <summary>Seed of every random choice.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Worker threads; 0 means all cores, and more than the cores count as the cores. Results are identical for a given seed and thread count
    /// (and fully reproducible with one thread); different thread counts give different, equally good results.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Checks every option once; throws <see cref="InvalidInputException"/> naming the option.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Dimension > 0 && Dimension <= MaxDimension, "--dim (Dimension)", $"an integer in 1..{MaxDimension}", Dimension);
        ThrowHelper.RequireOption(Window > 0, "--window (Window)", "a positive integer", Window);
        ThrowHelper.RequireOption(Negatives > 0 && Negatives <= 1000, "--negatives (Negatives)", "an integer in 1..1000", Negatives);
        ThrowHelper.RequireOption(Epochs > 0 && Epochs <= 10_000, "--epochs (Epochs)", "an integer in 1..10000", Epochs);
        ThrowHelper.RequireOption(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 1,
            "--learning-rate (LearningRate)", "a number in (0, 1] (word2vec's default is 0.025; above about 0.5 training diverges)", LearningRate);
        ThrowHelper.RequireOption(double.IsFinite(MinLearningRate) && MinLearningRate >= 0 && MinLearningRate <= LearningRate,
            "--min-learning-rate (MinLearningRate)", $"a number in [0, learning rate {LearningRate}]", MinLearningRate);
        ThrowHelper.RequireOption(double.IsFinite(Subsample) && Subsample >= 0 && Subsample < 1, "--sample (Subsample)",
            "0 (off) or a threshold in (0, 1), such as 1e-3", Subsample);
        ThrowHelper.RequireOption(double.IsFinite(NegativeExponent) && NegativeExponent >= 0 && NegativeExponent <= 2,
            "--negative-exponent (NegativeExponent)", "a number in [0, 2]", NegativeExponent);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
    }

    /// <summary>
    /// The number of worker threads these options ask for, at most the machine's core count: more threads
    /// than cores would only add blocks (their memory grows with the cube of the thread count).
    /// </summary>
    internal int ResolvedThreads => Threads > 0 ? Math.Min(Threads, Environment.ProcessorCount) : Environment.ProcessorCount;
}
