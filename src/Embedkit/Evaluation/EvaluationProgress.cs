namespace Embedkit.Evaluation;

/// <summary>Progress of an evaluation: how many of its train/test splits are done.</summary>
/// <param name="CompletedSplits">Splits fitted and scored so far.</param>
/// <param name="TotalSplits">Splits in the whole evaluation (train ratios × repeats).</param>
public readonly record struct EvaluationProgress(int CompletedSplits, int TotalSplits);
