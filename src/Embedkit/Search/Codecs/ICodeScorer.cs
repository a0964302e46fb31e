namespace Embedkit.Search;

/// <summary>
/// Scores many codes against one query: <see cref="SetQuery"/> prepares the query once (a product
/// quantizer's distance tables, a binary codec's lookup tables, an encoded query), then <see cref="Score"/>
/// scores codes in batches with no allocation. Made by <see cref="IVectorCodec.CreateScorer"/>; one scorer
/// serves one thread at a time.
/// </summary>
/// <remarks>
/// Scores follow the <see cref="Metric"/>: a squared distance under <see cref="Metric.L2"/> (lower is
/// better), an inner product under <see cref="Metric.InnerProduct"/> and <see cref="Metric.Cosine"/> (higher
/// is better). Under cosine the query is normalised to unit length and its inner product with the decoded
/// vector is returned, so the codes should encode unit vectors (indexes normalise before encoding).
/// </remarks>
public interface ICodeScorer
{
    /// <summary>The metric the scores follow.</summary>
    Metric Metric { get; }

    /// <summary>Prepares the scorer for the query <paramref name="query"/> (one vector of the codec's dimension).</summary>
    /// <exception cref="ArgumentException">When the query is not one vector long.</exception>
    /// <exception cref="InvalidInputException">Under <see cref="Metric.Cosine"/>, when the query is all zeros.</exception>
    void SetQuery(ReadOnlySpan<float> query);

    /// <summary>
    /// <c>scores[i]</c> = the score of the query against code <c>i</c>, the codes laid end to end
    /// (<c>codes.Length = scores.Length × CodeSize</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Before the first <see cref="SetQuery"/>.</exception>
    /// <exception cref="ArgumentException">When the lengths do not match.</exception>
    void Score(ReadOnlySpan<byte> codes, Span<float> scores);
}
