namespace Embedkit.Evaluation;

/// <summary>The metrics of one evaluated query.</summary>
/// <param name="Query">The query id.</param>
/// <param name="NdcgAt10">trec_eval's <c>ndcg_cut_10</c>.</param>
/// <param name="RecallAt100">trec_eval's <c>recall_100</c>.</param>
/// <param name="MrrAt10">trec_eval's <c>recip_rank_cut_10</c>.</param>
/// <param name="MapAt100">trec_eval's <c>map_cut_100</c>.</param>
/// <param name="Retrieved">Documents in the query's run after dropping its own id.</param>
public sealed record QueryMetrics(string Query, double NdcgAt10, double RecallAt100, double MrrAt10, double MapAt100, int Retrieved);
