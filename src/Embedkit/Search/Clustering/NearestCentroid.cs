using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Embedkit.Search;

/// <summary>
/// Nearest-centroid assignment for k-means and product quantization: for each point the centroid with the
/// smallest key <c>‖c‖² − 2·x·c</c> (which ranks as the squared distance does), ties to the lower centroid.
/// The dot products come from the register-blocked tile of <see cref="DotKernels"/> (6 points × 4 centroids
/// per call), on rows zero-padded to <see cref="DotKernels.Stride"/>; everything is float32, as FAISS's BLAS
/// assignment is, and computed in one fixed order, so results are identical for any thread count and SIMD
/// width.
/// </summary>
internal static class NearestCentroid
{
    private const int TileQueries = DotKernels.TileQueries;
    private const int TileRows = DotKernels.TileRows;

    /// <summary>Points per unit of parallel work.</summary>
    private const int PointsPerTask = 32 * TileQueries;

    /// <summary>
    /// <paramref name="count"/> rows of <paramref name="d"/> values copied into zero-padded rows of
    /// <paramref name="stride"/> floats, the row count rounded up to a multiple of <paramref name="multiple"/>.
    /// </summary>
    public static AlignedFloats Pad(ReadOnlySpan<float> rows, int count, int d, int stride, int multiple)
    {
        int padded = (count + multiple - 1) / multiple * multiple;
        var buffer = new AlignedFloats(checked(Math.Max(padded, multiple) * stride));
        for (int i = 0; i < count; i++) rows.Slice(i * d, d).CopyTo(buffer.Slice(i * stride, d));
        return buffer;
    }

    /// <summary>As <see cref="Pad"/>, taking from each row of <paramref name="rowLength"/> values the <paramref name="d"/> starting at <paramref name="offset"/> (a sub-space).</summary>
    public static AlignedFloats PadSlice(ReadOnlySpan<float> rows, int count, int rowLength, int offset, int d, int stride, int multiple)
    {
        int padded = (count + multiple - 1) / multiple * multiple;
        var buffer = new AlignedFloats(checked(Math.Max(padded, multiple) * stride));
        for (int i = 0; i < count; i++) rows.Slice(i * rowLength + offset, d).CopyTo(buffer.Slice(i * stride, d));
        return buffer;
    }

    /// <summary>‖row‖² of each padded row, in the fixed 16-lane order.</summary>
    public static float[] Norms(AlignedFloats rows, int count, int stride)
    {
        var norms = new float[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = rows.Slice(i * stride, stride);
            norms[i] = SquaredDistance(row, row, squareDifference: false);
        }
        return norms;
    }

    /// <summary>
    /// Σ (aⱼ − bⱼ)² (or, without <paramref name="squareDifference"/>, Σ aⱼbⱼ) of two padded rows in the fixed order:
    /// 16 partial sums, lane l taking components l, l+16, …, combined by halving, the same at every width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool squareDifference = true)
    {
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> acc = default;
            for (nuint c = 0; c < (nuint)n; c += 16)
            {
                Vector512<float> u = Vector512.LoadUnsafe(ref x, c), v = Vector512.LoadUnsafe(ref y, c);
                if (squareDifference)
                {
                    Vector512<float> t = u - v;
                    acc = Vector512.FusedMultiplyAdd(t, t, acc);
                }
                else acc = Vector512.FusedMultiplyAdd(u, v, acc);
            }
            Vector256<float> h = acc.GetLower() + acc.GetUpper();
            return Reduce(h.GetLower() + h.GetUpper());
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> lo = default, hi = default;
            for (nuint c = 0; c < (nuint)n; c += 16)
            {
                Vector256<float> u0 = Vector256.LoadUnsafe(ref x, c), v0 = Vector256.LoadUnsafe(ref y, c);
                Vector256<float> u1 = Vector256.LoadUnsafe(ref x, c + 8), v1 = Vector256.LoadUnsafe(ref y, c + 8);
                if (squareDifference)
                {
                    Vector256<float> t0 = u0 - v0, t1 = u1 - v1;
                    lo = Vector256.FusedMultiplyAdd(t0, t0, lo);
                    hi = Vector256.FusedMultiplyAdd(t1, t1, hi);
                }
                else
                {
                    lo = Vector256.FusedMultiplyAdd(u0, v0, lo);
                    hi = Vector256.FusedMultiplyAdd(u1, v1, hi);
                }
            }
            Vector256<float> h = lo + hi;
            return Reduce(h.GetLower() + h.GetUpper());
        }
        Span<float> lane = stackalloc float[16];
        lane.Clear();
        for (int c = 0; c < n; c++)
        {
            float t = squareDifference ? a[c] - b[c] : a[c];
            float u = squareDifference ? t : b[c];
            lane[c % 16] = MathF.FusedMultiplyAdd(t, u, lane[c % 16]);
        }
        for (int w = 8; w >= 1; w /= 2)
            for (int i = 0; i < w; i++) lane[i] += lane[i + w];
        return lane[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector128<float> v)
    {
        Vector128<float> pairs = v + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        return pairs.ToScalar() + pairs.GetElement(1);
    }

    /// <summary>
    /// The nearest of <paramref name="k"/> centroids (padded rows, their count a multiple of 4; norms given) for
    /// each of <paramref name="count"/> points (padded rows, their count a multiple of 6), written to
    /// <paramref name="assignment"/>, with the key ‖c‖² − 2·x·c of that centroid in <paramref name="keys"/>.
    /// </summary>
    public static unsafe void Assign(AlignedFloats points, int count, AlignedFloats centroids, float[] centroidNorms, int k, int stride,
        Span<int> assignment, Span<float> keys, int threads)
    {
        int tasks = (count + PointsPerTask - 1) / PointsPerTask;
        int workers = Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, tasks));
        fixed (int* a = assignment)
        fixed (float* s = keys)
        {
            nint ap = (nint)a, sp = (nint)s;
            int next = -1;
            void Work()
            {
                var tile = new float[TileQueries * TileRows];
                int task;
                while ((task = Interlocked.Increment(ref next)) < tasks)
                {
                    int first = task * PointsPerTask, last = Math.Min(count, first + PointsPerTask);
                    AssignRange(points, first, last, centroids, centroidNorms, k, stride,
                        new Span<int>((int*)ap, count), new Span<float>((float*)sp, count), tile);
                }
            }
            if (workers == 1) Work();
            else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }
    }

    private static void AssignRange(AlignedFloats points, int first, int last, AlignedFloats centroids, float[] norms, int k, int stride,
        Span<int> assignment, Span<float> keys, float[] tile)
    {
        KernelWidth width = DotKernels.Best;
        ReadOnlySpan<float> rows = centroids.Span;
        Span<float> best = stackalloc float[TileQueries];
        Span<int> which = stackalloc int[TileQueries];
        for (int p = first; p < last; p += TileQueries)
        {
            int valid = Math.Min(TileQueries, last - p);
            best.Fill(float.PositiveInfinity);
            which.Fill(0);
            ReadOnlySpan<float> queries = points.Slice(p * stride, TileQueries * stride);
            for (int c = 0; c < k; c += TileRows)
            {
                DotKernels.Tile(queries, rows.Slice(c * stride, TileRows * stride), stride, tile, width);
                int rowsValid = Math.Min(TileRows, k - c);
                for (int i = 0; i < valid; i++)
                {
                    for (int j = 0; j < rowsValid; j++)
                    {
                        float key = MathF.FusedMultiplyAdd(tile[i * TileRows + j], -2f, norms[c + j]);
                        if (key < best[i])
                        {
                            best[i] = key;
                            which[i] = c + j;
                        }
                    }
                }
            }
            for (int i = 0; i < valid; i++)
            {
                assignment[p + i] = which[i];
                keys[p + i] = best[i];
            }
        }
    }
}
