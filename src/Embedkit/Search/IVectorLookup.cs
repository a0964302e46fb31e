namespace Embedkit.Search;

/// <summary>
/// Capability of an index that keeps its vectors exactly (FAISS's <c>reconstruct</c>): membership and the
/// stored vector of an id. Reached through <see cref="IVectorIndex.GetService"/>. Under
/// <see cref="Metric.Cosine"/> the stored vector is the added one normalised to unit length.
/// </summary>
public interface IVectorLookup
{
    /// <summary>Whether a vector with this id is present.</summary>
    bool Contains(long id);

    /// <summary>Copies the stored vector of <paramref name="id"/> into <paramref name="destination"/>; false when the id is absent.</summary>
    /// <exception cref="ArgumentException">When <paramref name="destination"/> is not exactly one vector long.</exception>
    bool TryGetVector(long id, Span<float> destination);

    /// <summary>Every id present, in storage order (which changes as vectors are removed).</summary>
    IReadOnlyList<long> Ids { get; }
}
