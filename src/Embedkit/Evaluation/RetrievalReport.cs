namespace Embedkit.Evaluation;

/// <summary>
/// Mean retrieval metrics over the evaluated queries (those with at least one relevant judgment), with counts of what
/// was left out, so that a reader can tell a partial evaluation from a full one.
/// </summary>
public sealed record RetrievalReport
{
    /// <summary>Mean nDCG@10.</summary>
    public required double NdcgAt10 { get; init; }

    /// <summary>Mean Recall@100.</summary>
    public required double RecallAt100 { get; init; }

    /// <summary>Mean MRR@10 (reciprocal rank of the first relevant document in the top 10).</summary>
    public required double MrrAt10 { get; init; }

    /// <summary>Mean MAP@100.</summary>
    public required double MapAt100 { get; init; }

    /// <summary>Queries evaluated: judged with at least one relevant document.</summary>
    public required int Queries { get; init; }

    /// <summary>Judged queries skipped because none of their judgments is relevant (relevance ≥ 1).</summary>
    public required int QueriesWithoutRelevant { get; init; }

    /// <summary>Evaluated queries for which the run holds no document (they score 0 on every metric).</summary>
    public required int QueriesWithoutResults { get; init; }

    /// <summary>The metrics of each evaluated query, in the order of the qrels.</summary>
    public required IReadOnlyList<QueryMetrics> PerQuery { get; init; }
}
