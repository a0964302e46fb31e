namespace Embedkit.Search;

/// <summary>
/// Settings of an <see cref="IvfIndex"/>: the number of lists (k-means cells), whether codes store the residual
/// to the list's centroid, and how training runs (seed, threads, k-means iterations and sampling).
/// </summary>
public sealed record IvfOptions
{
    /// <summary>Most lists one index may have.</summary>
    public const int MaxLists = 1 << 20;

    /// <summary>Number of inverted lists (FAISS's <c>nlist</c>, the <c>1024</c> of <c>IVF1024</c>), 1..2²⁰. Training needs at least this many vectors.</summary>
    public required int Lists { get; init; }

    /// <summary>
    /// With a codec, encode each vector's residual to its list's centroid rather than the vector itself (FAISS's
    /// <c>by_residual</c>, on by default there too): the codec then spends its bits on what the centroid does not
    /// already say. Ignored by <c>IVF…,Flat</c>, which stores the vectors exactly. On Fashion-MNIST it adds 0.04 to
    /// IVF256,PQ16's recall@10; for SQ8 on those integer pixels (which its 256 levels store almost exactly) it costs
    /// 0.003, so turn it off for integer-valued vectors (docs/benchmarks.md, "Residual codes or not").
    /// </summary>
    public bool ByResidual { get; init; } = true;

    /// <summary>Seed, threads, and k-means settings of training (the coarse k-means and the codec's).</summary>
    public TrainingOptions Training { get; init; } = TrainingOptions.Default;

    /// <summary>Checks every setting once; throws <see cref="InvalidInputException"/> naming the setting.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Lists is >= 1 and <= MaxLists, "--lists (Lists)", $"1..{MaxLists} inverted lists", Lists);
        ArgumentNullException.ThrowIfNull(Training);
        Training.Validate();
    }
}
