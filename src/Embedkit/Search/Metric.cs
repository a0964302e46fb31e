namespace Embedkit.Search;

/// <summary>
/// How two vectors are compared. Each metric states whether its score is a distance (lower is better) or
/// a similarity (higher is better): see <see cref="MetricExtensions.ScoreKind(Metric)"/>. The names used
/// in files, on the command line and by <see cref="MetricExtensions.Name(Metric)"/> are <c>l2</c>,
/// <c>ip</c> and <c>cosine</c>.
/// </summary>
/// <remarks>The numeric values are stored in index files and must not change.</remarks>
public enum Metric
{
    /// <summary>
    /// Squared Euclidean distance Σ (xᵢ − yᵢ)², a <see cref="Search.ScoreKind.Distance"/> (lower is better).
    /// Squared, as in FAISS's <c>METRIC_L2</c>; take the square root for the Euclidean distance.
    /// </summary>
    L2 = 0,

    /// <summary>Inner product Σ xᵢ·yᵢ, a <see cref="Search.ScoreKind.Similarity"/> (higher is better).</summary>
    InnerProduct = 1,

    /// <summary>
    /// Cosine similarity x·y / (‖x‖‖y‖), a <see cref="Search.ScoreKind.Similarity"/> (higher is better, at
    /// most 1 up to rounding). A zero vector has no direction, so indexes refuse zero vectors under this
    /// metric, both when adding and when searching; indexes store vectors normalised to unit length.
    /// </summary>
    Cosine = 2,
}
