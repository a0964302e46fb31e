namespace Embedkit.Search;

/// <summary>
/// A collection of vectors of one <see cref="Dimension"/>, each keyed by a 64-bit id, searchable for the
/// <c>k</c> nearest under one <see cref="Metric"/>. Every index (flat, HNSW, IVF, with or without a codec)
/// implements this contract; optional capabilities are reached through <see cref="GetService"/>, saving and
/// loading through <see cref="VectorIndexFile"/>.
/// </summary>
/// <remarks>
/// <para><b>Ids.</b> An id is any <see cref="long"/> except −1, which marks an unfilled result slot. Ids are
/// the caller's keys (FAISS's <c>add_with_ids</c> model): they need not be dense or ordered and they survive
/// removals, unlike row numbers. To index an <see cref="EmbeddingSet"/> with string ids, add row <c>i</c> with
/// id <c>i</c> and map results back through <see cref="EmbeddingSet.Ids"/>.</para>
/// <para><b>Add is not upsert.</b> Adding an id that is already present is an error; to replace vectors use
/// <see cref="VectorIndexExtensions.Upsert"/> (remove, then add). A removed id may be added again.</para>
/// <para><b>Threads.</b> Concurrent <see cref="Search"/> calls are safe; <see cref="Add"/> and
/// <see cref="Remove"/> must not run concurrently with any other call.</para>
/// </remarks>
public interface IVectorIndex
{
    /// <summary>Number of float32 values per vector.</summary>
    int Dimension { get; }

    /// <summary>How vectors are compared, and so whether scores are distances or similarities.</summary>
    Metric Metric { get; }

    /// <summary>Number of vectors in the index.</summary>
    int Count { get; }

    /// <summary>
    /// Adds <c>ids.Length</c> vectors: vector <c>i</c> is <c>vectors[i·Dimension .. (i+1)·Dimension)</c>
    /// (row-major) and gets id <c>ids[i]</c>. Nothing is added when any check fails.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// When the vectors' length is not ids × <see cref="Dimension"/> (the message gives both dimensions), an id
    /// is −1, repeats within the batch or is already present, a component is NaN or infinite (the message names
    /// the row and component), or, under <see cref="Metric.Cosine"/>, a vector is all zeros.
    /// </exception>
    void Add(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors);

    /// <summary>
    /// Finds the <paramref name="k"/> best vectors for each of the <c>n = queries.Length / Dimension</c>
    /// queries (row-major). Row <c>q</c> of the outputs, <c>[q·k .. (q+1)·k)</c>, holds the ids and scores
    /// best first; ties are broken by the lower id. When fewer than <paramref name="k"/> vectors exist, the
    /// remaining slots get id −1 and the worst score (<see cref="MetricExtensions.WorstScore"/>: +∞ for a
    /// distance, −∞ for a similarity).
    /// </summary>
    /// <param name="queries">n × <see cref="Dimension"/> values, row-major.</param>
    /// <param name="k">Results per query, at least 1; may exceed <see cref="Count"/>.</param>
    /// <param name="ids">Output, exactly n × k ids.</param>
    /// <param name="scores">Output, exactly n × k scores, as the <see cref="Metric"/> defines them.</param>
    /// <param name="parameters">Search-time settings (threads; index-specific settings in derived records).</param>
    /// <exception cref="InvalidInputException">
    /// When k is not positive, the queries' dimension differs from the index's (the message gives both), a
    /// component is NaN or infinite, or, under <see cref="Metric.Cosine"/>, a query is all zeros.
    /// </exception>
    /// <exception cref="ArgumentException">When an output's length is not n × k.</exception>
    void Search(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, SearchParameters? parameters = null);

    /// <summary>Removes the vectors with these ids; ids that are not present are skipped.</summary>
    /// <returns>The number of vectors removed.</returns>
    int Remove(ReadOnlySpan<long> ids);

    /// <summary>
    /// An optional capability of this index, such as <see cref="IVectorLookup"/>, or the index itself when
    /// it is of <paramref name="serviceType"/>; null when it has none of that type.
    /// </summary>
    object? GetService(Type serviceType);
}
