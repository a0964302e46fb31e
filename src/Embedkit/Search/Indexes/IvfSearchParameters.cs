namespace Embedkit.Search;

/// <summary>Search-time settings of an <see cref="IvfIndex"/>: how many lists each query scans.</summary>
public sealed record IvfSearchParameters : SearchParameters
{
    /// <summary>The default number of lists probed.</summary>
    public const int DefaultNProbe = 8;

    /// <summary>
    /// Lists scanned per query, nearest centroid first (FAISS's <c>nprobe</c>): higher is slower and more accurate;
    /// a value above the number of lists scans them all, which is exact for <c>IVF…,Flat</c>. Default 8, where FAISS's
    /// is 1: on Fashion-MNIST with 1024 lists IVF1024,Flat's recall@10 is 0.50 at nprobe 1, 0.86 at 4 and 0.99 at 16
    /// (docs/benchmarks.md, "IVF vs FAISS"), so 1 finds only about half of the true neighbours.
    /// </summary>
    public int NProbe { get; init; } = DefaultNProbe;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ThrowHelper.RequireOption(NProbe > 0, "--nprobe (NProbe)", "a positive number of lists to probe", NProbe);
    }
}
