namespace Embedkit.Evaluation;

/// <summary>Ranking quality of one scorer on the test pairs; both are in [0, 1] and higher is better.</summary>
/// <param name="RocAuc">Area under the ROC curve (<see cref="RankingMetrics.RocAuc"/>); 0.5 is chance.</param>
/// <param name="AveragePrecision">Average precision (<see cref="RankingMetrics.AveragePrecision"/>); chance is the share of positives.</param>
public sealed record LinkPredictionScore(double RocAuc, double AveragePrecision);
