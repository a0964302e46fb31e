namespace Embedkit.IO;

/// <summary>
/// <see cref="Rows"/> rows of <see cref="Columns"/> int32 values, row-major: ground-truth neighbour ids
/// (ivecs, ann-benchmarks <c>neighbors</c>) or labels (one column).
/// </summary>
public sealed class IntMatrix
{
    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">When the buffer length is not rows × columns.</exception>
    public IntMatrix(int rows, int columns, int[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)rows * columns != data.LongLength)
            throw new ArgumentException($"data has {data.LongLength} values; expected {rows} × {columns} = {(long)rows * columns}", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Values per row.</summary>
    public int Columns { get; }

    /// <summary>All values, row-major.</summary>
    public int[] Data { get; }

    /// <summary>Row <paramref name="row"/>.</summary>
    public Span<int> Row(int row) => Data.AsSpan(checked(row * Columns), Columns);
}
