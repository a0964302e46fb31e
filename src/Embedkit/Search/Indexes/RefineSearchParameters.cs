namespace Embedkit.Search;

/// <summary>
/// Search settings of a <see cref="RefineIndex"/>: how many candidates the coarse index returns for re-ranking
/// (FAISS's <c>IndexRefine</c> <c>k_factor</c>), and the coarse index's own settings.
/// </summary>
public record RefineSearchParameters : SearchParameters
{
    /// <summary>Most candidates re-ranked per query: <see cref="Oversample"/> × k.</summary>
    public const int MaxOversample = 1000;

    /// <summary>The coarse index returns Oversample × k candidates per query (FAISS's <c>k_factor</c>); 1..1000, default 4.</summary>
    public int Oversample { get; init; } = 4;

    /// <summary>Settings passed to the coarse index (such as <see cref="CodecSearchParameters"/>); null: the coarse index's defaults with this record's <see cref="SearchParameters.Threads"/>.</summary>
    public SearchParameters? Coarse { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ThrowHelper.RequireOption(Oversample is >= 1 and <= MaxOversample, "--oversample (Oversample)", $"1..{MaxOversample} (candidates per result)", Oversample);
        Coarse?.Validate();
    }
}
