namespace Embedkit.Evaluation;

/// <summary>A scored sentence pair of a semantic textual similarity (STS) dataset.</summary>
/// <param name="Sentence1">The first sentence.</param>
/// <param name="Sentence2">The second sentence.</param>
/// <param name="Score">The gold similarity (STS-B: 0 to 5).</param>
public sealed record StsPair(string Sentence1, string Sentence2, double Score);
