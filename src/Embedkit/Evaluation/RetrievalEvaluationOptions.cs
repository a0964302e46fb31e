namespace Embedkit.Evaluation;

/// <summary>Options of <see cref="RetrievalEvaluator"/>; the defaults are BEIR's.</summary>
public sealed record RetrievalEvaluationOptions
{
    /// <summary>
    /// Drop a retrieved document whose id equals the query's id before scoring (BEIR's <c>ignore_identical_ids</c>,
    /// on by default there: in corpora such as ArguAna and Quora the query is also a document).
    /// </summary>
    public bool IgnoreIdenticalIds { get; init; } = true;
}
