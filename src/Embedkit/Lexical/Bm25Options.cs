namespace Embedkit.Lexical;

/// <summary>
/// BM25 parameters. The defaults are those of Anserini's BEIR regressions (k1 = 0.9, b = 0.4, Lucene's length norm).
/// </summary>
public sealed record Bm25Options
{
    /// <summary>Term-frequency saturation k1 (≥ 0).</summary>
    public double K1 { get; init; } = 0.9;

    /// <summary>Length normalisation b, in [0, 1].</summary>
    public double B { get; init; } = 0.4;

    /// <summary>Which document length enters the formula.</summary>
    public Bm25LengthNorm LengthNorm { get; init; } = Bm25LengthNorm.Lucene;

    /// <summary>Threads for batch search; 0 = all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(double.IsFinite(K1) && K1 >= 0, "--k1 (K1)", "a finite number ≥ 0", K1);
        ThrowHelper.RequireOption(B is >= 0 and <= 1, "--b (B)", "a number in [0, 1]", B);
        ThrowHelper.RequireOption(Enum.IsDefined(LengthNorm), "--length-norm (LengthNorm)", "lucene or exact", LengthNorm);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive count", Threads);
    }
}
