namespace Embedkit.Search;

/// <summary>Search-time settings of an <see cref="HnswIndex"/>: the candidate list size and an optional filter.</summary>
public sealed record HnswSearchParameters : SearchParameters
{
    /// <summary>
    /// Size of the dynamic candidate list on layer 0 (the paper's ef, hnswlib's <c>ef</c>): higher is slower
    /// and more accurate. A search uses max(Ef, k), so it always can return k results.
    /// </summary>
    public int Ef { get; init; } = 64;

    /// <summary>
    /// Optional predicate on ids: only vectors whose id it accepts are returned. It is applied during the
    /// graph search, as hnswlib's filter is: rejected vectors are still traversed (so the graph stays
    /// connected) but never enter the result list, and the search goes on until it holds ef accepted vectors
    /// or runs out of candidates. A very selective filter therefore visits much of the graph. It may be
    /// called from several threads at once and must not change the index.
    /// </summary>
    public Func<long, bool>? Filter { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ThrowHelper.RequireOption(Ef > 0, "--ef (Ef)", "a positive candidate list size", Ef);
    }
}
