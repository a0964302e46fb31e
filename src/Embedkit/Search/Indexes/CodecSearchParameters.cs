namespace Embedkit.Search;

/// <summary>Search settings of a <see cref="CodecFlatIndex"/>: how queries are compared with the codes.</summary>
public record CodecSearchParameters : SearchParameters
{
    /// <summary>Asymmetric (the float query against the codes, the default) or symmetric (the query encoded first; a Hamming scan for BIN1).</summary>
    public CodeScoring Scoring { get; init; } = CodeScoring.Asymmetric;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ThrowHelper.RequireOption(Enum.IsDefined(Scoring), "--scoring (Scoring)", "asymmetric or symmetric", Scoring);
    }
}
