namespace Embedkit.Search;

/// <summary>Search-time settings of an <see cref="IvfIndex"/>: how many lists each query scans.</summary>
public sealed record IvfSearchParameters : SearchParameters
{
    /// <summary>The default number of lists probed.</summary>
    public const int DefaultNProbe = 8;

    /// <summary>
    /// Lists scanned per query, nearest centroid first (FAISS's <c>nprobe</c>): higher is slower and more accurate;
    /// a value above the number of lists scans them all, which is exact for <c>IVF…,Flat</c>. Default 8 (FAISS's
    /// default is 1, which on Fashion-MNIST with 1024 lists finds well under half of the true neighbours; see
    /// docs/search.md).
    /// </summary>
    public int NProbe { get; init; } = DefaultNProbe;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ThrowHelper.RequireOption(NProbe > 0, "--nprobe (NProbe)", "a positive number of lists to probe", NProbe);
    }
}
