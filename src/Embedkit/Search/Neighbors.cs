namespace Embedkit.Search;

/// <summary>
/// The result of a batch search held in arrays: for each of <see cref="QueryCount"/> queries, <see cref="K"/>
/// ids and scores, best first (row-major). Unfilled slots have id −1 and the worst score of <see cref="Kind"/>.
/// </summary>
public sealed class Neighbors
{
    /// <summary>Wraps result arrays (not copied).</summary>
    /// <exception cref="ArgumentException">When the arrays are not both <paramref name="queryCount"/> × <paramref name="k"/> long.</exception>
    public Neighbors(int queryCount, int k, long[] ids, float[] scores, ScoreKind kind)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        long cells = (long)queryCount * k;
        if (ids.LongLength != cells || scores.LongLength != cells)
            throw new ArgumentException($"expected {queryCount} × {k} = {cells} ids and scores, found {ids.LongLength} ids and {scores.LongLength} scores");
        QueryCount = queryCount;
        K = k;
        Ids = ids;
        Scores = scores;
        Kind = kind;
    }

    /// <summary>Number of queries.</summary>
    public int QueryCount { get; }

    /// <summary>Results per query.</summary>
    public int K { get; }

    /// <summary>All ids, row-major (query <c>q</c> at <c>[q·K .. (q+1)·K)</c>).</summary>
    public long[] Ids { get; }

    /// <summary>All scores, row-major, aligned with <see cref="Ids"/>.</summary>
    public float[] Scores { get; }

    /// <summary>Whether the scores are distances or similarities.</summary>
    public ScoreKind Kind { get; }

    /// <summary>The ids found for query <paramref name="query"/>, best first.</summary>
    public ReadOnlySpan<long> IdsOf(int query) => Ids.AsSpan(checked(query * K), K);

    /// <summary>The scores of query <paramref name="query"/>'s results, best first.</summary>
    public ReadOnlySpan<float> ScoresOf(int query) => Scores.AsSpan(checked(query * K), K);
}
