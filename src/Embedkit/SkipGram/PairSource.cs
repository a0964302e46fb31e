namespace Embedkit.SkipGram;

/// <summary>
/// Where <see cref="SkipGramTrainer"/> gets its positive (input, output) pairs: random walks with a
/// window, sampled edges, or sentences of a text. Pairs are produced chunk by chunk, each chunk split
/// into as many slices as there are threads; a chunk's pairs must depend only on (epoch, chunk, slice,
/// slice count) so that training is reproducible. Chunks of an epoch should be of about equal work:
/// the learning rate decays with the chunk index.
/// </summary>
internal abstract class PairSource
{
    /// <summary>Number of rows (nodes or words) of the embedding matrices.</summary>
    public abstract int RowCount { get; }

    /// <summary>Per-row frequency (degree or token count) behind the negative-sampling distribution.</summary>
    public abstract ReadOnlySpan<double> Frequencies { get; }

    /// <summary>Chunks in one epoch.</summary>
    public abstract long ChunksPerEpoch { get; }

    /// <summary>
    /// True when the output side of a pair is a row of the input matrix itself (LINE first order):
    /// both ends of a pair are then updated in one matrix.
    /// </summary>
    public virtual bool TiedOutput => false;

    /// <summary>Called once before the slices of a chunk are generated, from one thread.</summary>
    public virtual void Prepare(int epoch, long chunk) { }

    /// <summary>Writes the pairs of slice <paramref name="slice"/> of <paramref name="slices"/> of a chunk into <paramref name="sink"/>.</summary>
    public abstract void Generate(int epoch, long chunk, int slice, int slices, PairSink sink);
}
