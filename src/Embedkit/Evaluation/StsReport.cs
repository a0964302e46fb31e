namespace Embedkit.Evaluation;

/// <summary>The result of an STS evaluation.</summary>
/// <param name="Spearman">Spearman's ρ of the cosine similarities and the gold scores (MTEB's headline STS metric).</param>
/// <param name="Pearson">Pearson's r of the same.</param>
/// <param name="Pairs">Number of pairs scored.</param>
public sealed record StsReport(double Spearman, double Pearson, int Pairs);
