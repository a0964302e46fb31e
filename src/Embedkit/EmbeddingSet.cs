namespace Embedkit;

/// <summary>
/// A set of <see cref="Count"/> embeddings of dimension <see cref="Dimension"/>: string ids (as the
/// user gave them) and one contiguous row-major float32 buffer of <c>Count × Dimension</c> values.
/// </summary>
public sealed class EmbeddingSet
{
    private readonly float[] _data;

    /// <summary>Creates a set over <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">When the buffer length is not ids × dimension.</exception>
    public EmbeddingSet(IReadOnlyList<string> ids, int dimension, float[] data, Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(provenance);
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be positive");
        if ((long)ids.Count * dimension != data.LongLength)
            throw new ArgumentException($"data has {data.LongLength} values; expected {ids.Count} × {dimension} = {(long)ids.Count * dimension}", nameof(data));
        Ids = ids;
        Dimension = dimension;
        _data = data;
        Provenance = provenance;
    }

    /// <summary>Row ids, in row order.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Ids.Count;

    /// <summary>Number of float32 values per row.</summary>
    public int Dimension { get; }

    /// <summary>How the set was made.</summary>
    public Provenance Provenance { get; }

    /// <summary>All values, row-major.</summary>
    public Span<float> Data => _data;

    /// <summary>The backing array (row-major), for APIs that need an array.</summary>
    public float[] Array => _data;

    /// <summary>Row <paramref name="index"/>.</summary>
    public Span<float> Row(int index) => _data.AsSpan(checked(index * Dimension), Dimension);
}
