using Embedkit.Retrieval;

namespace Embedkit.Evaluation;

/// <summary>
/// Scores a run (ranked documents per query) against qrels as BEIR's <c>EvaluateRetrieval.evaluate</c> does with
/// pytrec_eval: each run is put in trec_eval's order (score descending, ties by document id descending), the query's
/// own id is dropped (<see cref="RetrievalEvaluationOptions.IgnoreIdenticalIds"/>), and nDCG@10, Recall@100, MRR@10
/// and MAP@100 (<see cref="RetrievalMetrics"/>) are averaged over the judged queries that have a relevant document.
/// Unlike pytrec_eval, a judged query missing from the run is not dropped but scores 0 (trec_eval's <c>-c</c>), and
/// is counted in <see cref="RetrievalReport.QueriesWithoutResults"/>.
/// </summary>
public static class RetrievalEvaluator
{
    /// <summary>Evaluates <paramref name="run"/> (query id → retrieved documents, in any order).</summary>
    /// <exception cref="InvalidInputException">When a query's run repeats a document or holds a NaN score.</exception>
    public static RetrievalReport Evaluate(Qrels qrels, IReadOnlyDictionary<string, IReadOnlyList<ScoredId>> run, RetrievalEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentNullException.ThrowIfNull(run);
        options ??= new RetrievalEvaluationOptions();
        var perQuery = new List<QueryMetrics>();
        int withoutRelevant = 0, withoutResults = 0;
        foreach (string query in qrels.Queries)
        {
            var judgments = qrels.Of(query)!;
            if (RetrievalMetrics.Relevant(judgments) == 0) { withoutRelevant++; continue; }
            string[] ranked = Rank(query, run.GetValueOrDefault(query) ?? [], options.IgnoreIdenticalIds);
            if (ranked.Length == 0) withoutResults++;
            perQuery.Add(new QueryMetrics(query,
                RetrievalMetrics.Ndcg(ranked, judgments, 10),
                RetrievalMetrics.Recall(ranked, judgments, 100),
                RetrievalMetrics.ReciprocalRank(ranked, judgments, 10),
                RetrievalMetrics.AveragePrecision(ranked, judgments, 100),
                ranked.Length));
        }
        return new RetrievalReport
        {
            NdcgAt10 = Mean(perQuery, m => m.NdcgAt10),
            RecallAt100 = Mean(perQuery, m => m.RecallAt100),
            MrrAt10 = Mean(perQuery, m => m.MrrAt10),
            MapAt100 = Mean(perQuery, m => m.MapAt100),
            Queries = perQuery.Count,
            QueriesWithoutRelevant = withoutRelevant,
            QueriesWithoutResults = withoutResults,
            PerQuery = perQuery,
        };
    }

    /// <summary>The run of one query as ids in trec_eval's order, its own id dropped when asked.</summary>
    internal static string[] Rank(string query, IReadOnlyList<ScoredId> hits, bool ignoreIdentical)
    {
        var list = new List<ScoredId>(hits.Count);
        var seen = new HashSet<string>(hits.Count, StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (double.IsNaN(hit.Score)) ThrowHelper.InvalidInput($"the run of query '{query}' scores document '{hit.Id}' NaN; expected a number", field: "run");
            if (!seen.Add(hit.Id)) ThrowHelper.InvalidInput($"the run of query '{query}' holds document '{hit.Id}' twice; expected each document once", field: "run");
            if (ignoreIdentical && hit.Id == query) continue;
            list.Add(hit);
        }
        list.Sort(ScoredId.CompareTrec);
        return list.ConvertAll(h => h.Id).ToArray();
    }

    private static double Mean(List<QueryMetrics> items, Func<QueryMetrics, double> metric) =>
        items.Count == 0 ? 0 : items.Sum(metric) / items.Count;
}
