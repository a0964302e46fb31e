namespace Embedkit.Graphs;

/// <summary>How FastRP's embedding is normalised after the weighted sum of hops.</summary>
public enum FastRPFinalNormalization
{
    /// <summary>Standardise each column to zero mean and unit variance (the reference implementation; sklearn's <c>scale</c>).</summary>
    Standardize,

    /// <summary>Scale each row to unit L2 norm.</summary>
    L2,

    /// <summary>Leave the weighted sum as it is (Neo4j GDS).</summary>
    None,
}

/// <summary>
/// Options of <see cref="FastRP"/>. Defaults are the settings the FastRP paper tuned for BlogCatalog
/// (weights [0, 0, 1, 6.67], β = −0.64, per-hop normalisation, column standardisation) at d = 128.
/// Neo4j GDS names are given where they differ.
/// </summary>
public sealed record FastRPOptions
{
    /// <summary>Embedding dimension d (GDS: <c>embeddingDimension</c>).</summary>
    public int Dimension { get; init; } = 128;

    /// <summary>Weight of each hop: entry i multiplies the (i+1)-hop term Uᵢ₊₁ = Mⁱ⁺¹·U₀ (GDS: <c>iterationWeights</c>).</summary>
    public IReadOnlyList<double> IterationWeights { get; init; } = [0.0, 0.0, 1.0, 6.67];

    /// <summary>β: each node's random vector is scaled by degree^β (GDS: <c>normalizationStrength</c>).</summary>
    public double NormalizationStrength { get; init; } = -0.64;

    /// <summary>
    /// Probability that an entry of the random projection is non-zero. Null means the reference's
    /// 1/√n (sklearn's SparseRandomProjection 'auto'); Neo4j GDS uses 1/3.
    /// </summary>
    public double? ProjectionDensity { get; init; }

    /// <summary>L2-normalise each row of every hop before the weighted sum (the reference's <c>normalization=True</c>).</summary>
    public bool NormalizeHops { get; init; } = true;

    /// <summary>Normalisation of the final embedding.</summary>
    public FastRPFinalNormalization FinalNormalization { get; init; } = FastRPFinalNormalization.Standardize;

    /// <summary>Weight of each node's own (row-normalised) initial random vector in its embedding (GDS: <c>nodeSelfInfluence</c>).</summary>
    public double NodeSelfInfluence { get; init; }

    /// <summary>Seed of every random choice (GDS: <c>randomSeed</c>).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means all cores. The output does not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Checks every option once; throws <see cref="InvalidInputException"/> naming the option.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(Dimension > 0, "--dim (Dimension)", "a positive integer", Dimension);
        ThrowHelper.RequireOption(IterationWeights is { Count: > 0 }, "--iteration-weights (IterationWeights)", "at least one weight", "none");
        foreach (double w in IterationWeights)
            ThrowHelper.RequireOption(double.IsFinite(w), "--iteration-weights (IterationWeights)", "finite numbers", w);
        ThrowHelper.RequireOption(IterationWeights.Any(w => w != 0) || NodeSelfInfluence != 0, "--iteration-weights (IterationWeights)",
            "at least one non-zero weight (or a non-zero --self-influence); all zero would give all-zero embeddings", string.Join(",", IterationWeights));
        ThrowHelper.RequireOption(double.IsFinite(NormalizationStrength), "--beta (NormalizationStrength)", "a finite number", NormalizationStrength);
        if (ProjectionDensity is double p)
            ThrowHelper.RequireOption(p > 0 && p <= 1, "--density (ProjectionDensity)", "a probability in (0, 1]", p);
        ThrowHelper.RequireOption(double.IsFinite(NodeSelfInfluence), "--self-influence (NodeSelfInfluence)", "a finite number", NodeSelfInfluence);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
        ThrowHelper.RequireOption(Enum.IsDefined(FinalNormalization), "--normalization (FinalNormalization)", "standardize, l2 or none", FinalNormalization);
    }
}
