namespace Embedkit.IO;

/// <summary>
/// <see cref="Rows"/> vectors of <see cref="Dimension"/> float32 values in one contiguous row-major buffer,
/// without ids: what benchmark files (fvecs, bvecs, idx, ann-benchmarks HDF5) hold.
/// </summary>
public sealed class VectorMatrix
{
    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">When the buffer length is not rows × dimension.</exception>
    public VectorMatrix(int rows, int dimension, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if ((long)rows * dimension != data.LongLength)
            throw new ArgumentException($"data has {data.LongLength} values; expected {rows} × {dimension} = {(long)rows * dimension}", nameof(data));
        Rows = rows;
        Dimension = dimension;
        Data = data;
    }

    /// <summary>Number of vectors.</summary>
    public int Rows { get; }

    /// <summary>Values per vector.</summary>
    public int Dimension { get; }

    /// <summary>All values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>Vector <paramref name="row"/>.</summary>
    public Span<float> Row(int row) => Data.AsSpan(checked(row * Dimension), Dimension);

    /// <summary>Rows <c>[first, first + count)</c> as one span.</summary>
    public Span<float> Slice(int first, int count) => Data.AsSpan(checked(first * Dimension), checked(count * Dimension));
}
