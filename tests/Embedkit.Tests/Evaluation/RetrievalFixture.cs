using Embedkit.Evaluation;
using Embedkit.Retrieval;

namespace Embedkit.Tests.Evaluation;

/// <summary>
/// The hand-worked retrieval fixture of <see cref="RetrievalMetricsTests"/> and <see cref="RetrievalEvaluatorTests"/>.
/// q1 judges d1 = 2, d2 = 1, d3 = 0, d9 = 1 (d9 is never retrieved); its run scores q1 9 (its own id), d3 5, d1 4,
/// d5 4 (unjudged, tied with d1), d2 1. In trec_eval's order, without q1: d3, d5, d1, d2 (the tie goes to the larger
/// id, "d5"), relevances 0, 0, 2, 1. q2 judges only d1 = 0 (no relevant document); q3 judges d4 = 1 and has no run.
/// </summary>
internal static class RetrievalFixture
{
    public static Qrels Qrels => Embedkit.Evaluation.Qrels.From([
        ("q1", "d1", 2), ("q1", "d2", 1), ("q1", "d3", 0), ("q1", "d9", 1),
        ("q2", "d1", 0),
        ("q3", "d4", 1),
    ]);

    public static Dictionary<string, IReadOnlyList<ScoredId>> Run => new()
    {
        ["q1"] = [new("d2", 1), new("d1", 4), new("q1", 9), new("d5", 4), new("d3", 5)],
        ["q2"] = [new("d1", 1)],
    };

    /// <summary>q1's ranking in trec_eval's order, its own id dropped.</summary>
    public static string[] Q1Ranked => ["d3", "d5", "d1", "d2"];
}
