using Embedkit.SkipGram;

namespace Embedkit.Graphs;

/// <summary>
/// Options of LINE (Tang et al. 2015). First order models σ(uᵢ·uⱼ) for an edge (i, j) with one matrix;
/// second order models σ(uᵢ·cⱼ) with separate vertex and context matrices. Edges are sampled in
/// proportion to their weight. <see cref="SkipGramOptions.Window"/> and
/// <see cref="SkipGramOptions.Subsample"/> do not apply; <see cref="SkipGramOptions.Epochs"/> multiplies
/// <see cref="Samples"/>.
/// </summary>
public sealed record LineOptions
{
    /// <summary>Proximity order: 1 (first) or 2 (second, the default).</summary>
    public int Order { get; init; } = 2;

    /// <summary>Most edge samples per epoch (10¹²; LINE's own default is 10⁹).</summary>
    public const long MaxSamples = 1_000_000_000_000;

    /// <summary>Edge samples per epoch; null means 100 per arc (LINE's own default is a flat 1 billion).</summary>
    public long? Samples { get; init; }

    /// <summary>Dimension, negatives, learning rate, epochs, seed and threads.</summary>
    public SkipGramOptions SkipGram { get; init; } = new();

    /// <summary>The edge samples per epoch for a graph of <paramref name="arcs"/> arcs.</summary>
    public long SamplesFor(long arcs) => Samples ?? Math.Min(MaxSamples, 100 * arcs);

    /// <summary>Checks every option once; throws <see cref="InvalidInputException"/> naming the option.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Order is 1 or 2, "--order (Order)", "1 or 2", Order);
        if (Samples is long s) ThrowHelper.RequireOption(s > 0 && s <= MaxSamples, "--samples (Samples)", $"a count in 1..{MaxSamples:G}", s);
        ThrowHelper.RequireOption(SkipGram is not null, "SkipGram", "skip-gram options", "null");
        SkipGram!.Validate();
    }
}
