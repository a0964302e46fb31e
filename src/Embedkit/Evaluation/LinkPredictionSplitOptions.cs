namespace Embedkit.Evaluation;

/// <summary>
/// Options of <see cref="LinkPredictionSplit.Create"/>: how many edges to hold out as test positives, whether
/// the residual graph must keep the input's connected components, and the seed of every random choice.
/// </summary>
public sealed record LinkPredictionSplitOptions
{
    /// <summary>Fraction of the edges held out as test positives, in (0, 1). Default 0.5 (node2vec's protocol).</summary>
    public double HoldoutFraction { get; init; } = 0.5;

    /// <summary>
    /// Never hold out an edge of a seeded random spanning forest, so that the residual graph has the same
    /// connected components as the input (node2vec's protocol). When fewer edges than requested lie outside
    /// the forest, all of those are held out and <see cref="LinkPredictionSplit.Warnings"/> says so. Default true.
    /// </summary>
    public bool KeepConnected { get; init; } = true;

    /// <summary>Seed of the spanning forest, the held-out edges, the non-edges and the training pairs. Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first option that is out of range.</summary>
    public void Validate() =>
        ThrowHelper.RequireOption(HoldoutFraction > 0 && HoldoutFraction < 1, "--holdout (HoldoutFraction)",
            "a fraction strictly between 0 and 1", HoldoutFraction);
}
