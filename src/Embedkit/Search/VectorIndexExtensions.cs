namespace Embedkit.Search;

/// <summary>Conveniences over <see cref="IVectorIndex"/> that every index gets: typed capabilities, upsert, allocating search.</summary>
public static class VectorIndexExtensions
{
    /// <summary>The capability <typeparamref name="T"/> of <paramref name="index"/>, or null when it has none.</summary>
    public static T? GetService<T>(this IVectorIndex index) where T : class
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.GetService(typeof(T)) as T;
    }

    /// <summary>
    /// Adds the vectors, replacing any already stored under the same ids: every check of
    /// <see cref="IVectorIndex.Add"/> is made first, then the present ids are removed and all are added.
    /// </summary>
    /// <returns>The number of vectors that replaced an existing one.</returns>
    /// <exception cref="InvalidInputException">As for <see cref="IVectorIndex.Add"/>, except for ids already present; nothing changes then.</exception>
    public static int Upsert(this IVectorIndex index, ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors)
    {
        ArgumentNullException.ThrowIfNull(index);
        VectorChecks.CheckBatch(ids, vectors, index.Dimension, index.Metric, "vectors");
        int replaced = index.Remove(ids);
        index.Add(ids, vectors);
        return replaced;
    }

    /// <summary>Searches as <see cref="IVectorIndex.Search"/> does, into newly allocated arrays.</summary>
    /// <exception cref="InvalidInputException">As for <see cref="IVectorIndex.Search"/>.</exception>
    public static Neighbors Search(this IVectorIndex index, ReadOnlySpan<float> queries, int k, SearchParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        VectorChecks.RequireK(k);
        int n = VectorChecks.QueryCount(queries, index.Dimension);
        long cells = (long)n * k;
        if (cells > Array.MaxLength)
            ThrowHelper.InvalidInput($"{n} queries × k = {k} results is {cells}, more than one array holds ({Array.MaxLength}); search in smaller batches", field: "k");
        var ids = new long[cells];
        var scores = new float[cells];
        index.Search(queries, k, ids, scores, parameters);
        return new Neighbors(n, k, ids, scores, index.Metric.ScoreKind());
    }
}
