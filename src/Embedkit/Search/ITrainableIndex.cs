namespace Embedkit.Search;

/// <summary>
/// Capability of an index that must learn from data before it stores vectors (a codec's ranges or
/// centroids, an IVF's coarse centroids), FAISS's <c>is_trained</c> / <c>train</c>. Reached through
/// <see cref="IVectorIndex.GetService"/>; an index without it needs no training.
/// </summary>
public interface ITrainableIndex
{
    /// <summary>Whether the index has been trained (or needs no training) and can add vectors.</summary>
    bool IsTrained { get; }

    /// <summary>Trains on <c>vectors.Length / Dimension</c> representative vectors (row-major); they are not added.</summary>
    /// <exception cref="InvalidInputException">
    /// When the index is already trained, the vectors' dimension differs, a value is NaN or infinite, a vector is
    /// all zeros under cosine, or there are too few vectors (the message says how many are needed).
    /// </exception>
    void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null);
}
