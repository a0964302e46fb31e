namespace Embedkit.Evaluation;

/// <summary>
/// Training rows in float64 for the logistic-regression kernels: an intercept column of ones is appended
/// (feature <c>Dimension</c>), features are zero-padded to a multiple of 4 and rows to a multiple of 4.
/// Kept twice: row-major (<see cref="X"/>) for the forward product and chunk-transposed
/// (<see cref="XT"/>: chunk c is a <c>PaddedFeatures × chunkRows</c> block) for the gradient.
/// Rows are processed in fixed chunks of <see cref="ChunkRows"/>, so sums never depend on threads.
/// </summary>
internal sealed class DesignMatrix
{
    public const int ChunkRows = 256;

    public DesignMatrix(ReadOnlySpan<float> source, int dimension, ReadOnlySpan<int> rows)
    {
        Dimension = dimension;
        Rows = rows.Length;
        PaddedRows = (Rows + 3) & ~3;
        PaddedFeatures = (dimension + 1 + 3) & ~3;
        ChunkCount = (PaddedRows + ChunkRows - 1) / ChunkRows;
        X = new double[(long)PaddedRows * PaddedFeatures];
        XT = new double[X.Length];
        int dp = PaddedFeatures;
        for (int i = 0; i < Rows; i++)
        {
            ReadOnlySpan<float> src = source.Slice(rows[i] * dimension, dimension);
            Span<double> dst = X.AsSpan(i * dp, dp);
            for (int k = 0; k < dimension; k++) dst[k] = src[k];
            dst[dimension] = 1.0;
        }
        for (int c = 0; c < ChunkCount; c++)
        {
            int i0 = c * ChunkRows, m = ChunkLength(c);
            Span<double> block = XT.AsSpan(i0 * dp, m * dp);
            for (int i = 0; i < m; i++)
                for (int k = 0; k < dp; k++)
                    block[k * m + i] = X[(i0 + i) * dp + k];
        }
    }

    /// <summary>Features per row in the source (without intercept or padding).</summary>
    public int Dimension { get; }

    /// <summary>Real rows.</summary>
    public int Rows { get; }

    /// <summary>Rows rounded up to a multiple of 4 (padding rows are zero).</summary>
    public int PaddedRows { get; }

    /// <summary>Dimension + 1 (intercept), rounded up to a multiple of 4.</summary>
    public int PaddedFeatures { get; }

    /// <summary>Number of row chunks.</summary>
    public int ChunkCount { get; }

    /// <summary>Row-major PaddedRows × PaddedFeatures.</summary>
    public double[] X { get; }

    /// <summary>Chunk-transposed copy of <see cref="X"/>.</summary>
    public double[] XT { get; }

    /// <summary>Rows in chunk <paramref name="c"/> (a multiple of 4).</summary>
    public int ChunkLength(int c) => Math.Min(ChunkRows, PaddedRows - c * ChunkRows);
}
