namespace Embedkit.Retrieval;

/// <summary>A retrieved document: its id and its score (a similarity: higher is better).</summary>
/// <param name="Id">The document id, as in the corpus.</param>
/// <param name="Score">The retrieval score; higher is better.</param>
public readonly record struct ScoredId(string Id, double Score)
{
    /// <summary>
    /// trec_eval's order of a run: score descending, then document id descending (trec_eval's <c>comp_sim_docno</c>
    /// compares the ids with <c>strcmp</c>; here ordinal UTF-16, the same order for ids outside U+E000..U+FFFF).
    /// </summary>
    public static int CompareTrec(ScoredId x, ScoredId y)
    {
        int byScore = y.Score.CompareTo(x.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
    }
}
