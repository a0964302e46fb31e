using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Embedkit.Search;

/// <summary>
/// The dot-product microkernel of exact search: a tile of <see cref="TileQueries"/> queries × <see cref="TileRows"/>
/// stored vectors computed at once, 24 accumulators held in registers while both operands stream through
/// the cache, so that each loaded value feeds several multiply-adds (the register blocking of a matrix
/// product, as FAISS gets from BLAS in <c>exhaustive_L2sqr_blas</c>). Vectors are stored row-major with
/// rows padded with zeros to <see cref="Stride"/>, a multiple of 16 floats.
/// </summary>
/// <remarks>
/// Every dot product is computed in one fixed order, whatever the SIMD width: 16 partial sums, lane
/// <c>l</c> accumulating components <c>l, l+16, l+32, …</c> by fused multiply-adds from +0, then combined by
/// halving (lanes <c>i</c> and <c>i+8</c>, then <c>i</c> and <c>i+4</c>, <c>i</c> and <c>i+2</c>, and the last two). So the
/// Vector512, Vector256, Vector128 and scalar paths are bit-identical (<see cref="DotScalar"/> is the
/// reference), and a (query, vector) pair gets the same value in whichever tile or thread it falls.
/// </remarks>
internal static class DotKernels
{
    /// <summary>Partial sums per dot product (the logical vector width).</summary>
    public const int Lanes = 16;

    /// <summary>Queries per tile.</summary>
    public const int TileQueries = 6;

    /// <summary>Stored vectors per tile.</summary>
    public const int TileRows = 4;

    /// <summary>The widest width this machine runs in hardware.</summary>
    public static KernelWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? KernelWidth.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? KernelWidth.Vector256
        : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported) ? KernelWidth.Vector128
        : KernelWidth.Scalar;

    /// <summary>Floats per stored row: the dimension rounded up to a multiple of <see cref="Lanes"/>.</summary>
    public static int Stride(int dimension) => (dimension + Lanes - 1) / Lanes * Lanes;

    /// <summary>
    /// <c>result[i·4 + j] = queries[i] · rows[j]</c> for the 6 queries and 4 rows (each <paramref name="stride"/>
    /// floats, zero-padded past the dimension).
    /// </summary>
    public static void Tile(ReadOnlySpan<float> queries, ReadOnlySpan<float> rows, int stride, Span<float> result, KernelWidth width)
    {
        if (stride <= 0 || stride % Lanes != 0 || queries.Length < TileQueries * stride || rows.Length < TileRows * stride || result.Length < TileQueries * TileRows)
            throw new ArgumentException("buffers too small for a tile, or a stride that is not a multiple of 16");
        ref float q = ref MemoryMarshal.GetReference(queries);
        ref float x = ref MemoryMarshal.GetReference(rows);
        ref float r = ref MemoryMarshal.GetReference(result);
        switch (width)
        {
            case KernelWidth.Vector512:
                Tile512(ref q, ref x, stride, ref r);
                break;
            case KernelWidth.Vector256:
                for (int i = 0; i < TileQueries; i += 2)
                    for (int j = 0; j < TileRows; j += 2)
                        Tile256(ref Unsafe.Add(ref q, i * stride), ref Unsafe.Add(ref x, j * stride), stride, ref Unsafe.Add(ref r, i * TileRows + j));
                break;
            case KernelWidth.Vector128:
                for (int i = 0; i < TileQueries; i++)
                    for (int j = 0; j < TileRows; j += 2)
                        Tile128(ref Unsafe.Add(ref q, i * stride), ref Unsafe.Add(ref x, j * stride), stride, ref Unsafe.Add(ref r, i * TileRows + j));
                break;
            default:
                for (int i = 0; i < TileQueries; i++)
                    for (int j = 0; j < TileRows; j++)
                        result[i * TileRows + j] = DotScalar(queries.Slice(i * stride, stride), rows.Slice(j * stride, stride));
                break;
        }
    }

    /// <summary>The reference: one dot product of two padded rows in the fixed order, one scalar at a time.</summary>
    public static float DotScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Span<float> lane = stackalloc float[Lanes];
        lane.Clear();
        for (int c = 0; c < a.Length; c++) lane[c % Lanes] = MathF.FusedMultiplyAdd(a[c], b[c], lane[c % Lanes]);
        for (int width = Lanes / 2; width >= 1; width /= 2)
            for (int i = 0; i < width; i++) lane[i] += lane[i + width];
        return lane[0];
    }

    /// <summary>Lanes i and i+8, then i and i+4, i and i+2, then the last two: the fixed combining order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector512<float> v) => Reduce(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector256<float> v) => Reduce(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector128<float> v)
    {
        Vector128<float> pairs = v + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        return pairs.ToScalar() + pairs.GetElement(1);
    }

    /// <summary>
    /// Reduces four accumulators to four sums in the fixed order (lanes i and i+8, i and i+4, i and i+2, then
    /// the last two), transposing them as it goes so that each step adds two or four accumulators at once:
    /// 15 instructions instead of 32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceFour(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float result)
    {
        if (!Avx512F.IsSupported)
        {
            result = Reduce(a);
            Unsafe.Add(ref result, 1) = Reduce(b);
            Unsafe.Add(ref result, 2) = Reduce(c);
            Unsafe.Add(ref result, 3) = Reduce(d);
            return;
        }
        // [a 0..7 | b 0..7] + [a 8..15 | b 8..15]: lanes i + (i+8) of a, then of b.
        Vector512<float> ab = Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);
        Vector512<float> cd = Avx512F.Shuffle4x128(c, d, 0x44) + Avx512F.Shuffle4x128(c, d, 0xEE);
        // [a 0..3 | b 0..3 | c 0..3 | d 0..3] + the same of lanes 4..7: lanes i + (i+4), one 128-bit lane per accumulator.
        Vector512<float> t = Avx512F.Shuffle4x128(ab, cd, 0x88) + Avx512F.Shuffle4x128(ab, cd, 0xDD);
        // Within each 128-bit lane: i + (i+2), then the last two.
        Vector512<float> u = t + Avx512F.Permute4x32(t, 0b01_00_11_10);
        Vector512<float> r = u + Avx512F.Permute4x32(u, 0b10_11_00_01);
        Vector512<float> packed = Avx512F.PermuteVar16x32(r, Vector512.Create(0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12));
        packed.GetLower().GetLower().StoreUnsafe(ref result);
    }

    /// <summary>The AVX-512 tile: 6 queries × 4 rows, 24 accumulators of 16 lanes in registers.</summary>
    private static void Tile512(ref float queries, ref float rows, nint stride, ref float result)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default, a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default, a40 = default, a41 = default, a42 = default, a43 = default, a50 = default, a51 = default, a52 = default, a53 = default;
        for (nuint c = 0; c < (nuint)stride; c += Lanes)
        {
            var x0 = Vector512.LoadUnsafe(ref rows, (nuint)(0 * stride) + c);
            var x1 = Vector512.LoadUnsafe(ref rows, (nuint)(1 * stride) + c);
            var x2 = Vector512.LoadUnsafe(ref rows, (nuint)(2 * stride) + c);
            var x3 = Vector512.LoadUnsafe(ref rows, (nuint)(3 * stride) + c);
            var q0 = Vector512.LoadUnsafe(ref queries, (nuint)(0 * stride) + c);
            a00 = Vector512.FusedMultiplyAdd(q0, x0, a00); a01 = Vector512.FusedMultiplyAdd(q0, x1, a01); a02 = Vector512.FusedMultiplyAdd(q0, x2, a02); a03 = Vector512.FusedMultiplyAdd(q0, x3, a03);
            var q1 = Vector512.LoadUnsafe(ref queries, (nuint)(1 * stride) + c);
            a10 = Vector512.FusedMultiplyAdd(q1, x0, a10); a11 = Vector512.FusedMultiplyAdd(q1, x1, a11); a12 = Vector512.FusedMultiplyAdd(q1, x2, a12); a13 = Vector512.FusedMultiplyAdd(q1, x3, a13);
            var q2 = Vector512.LoadUnsafe(ref queries, (nuint)(2 * stride) + c);
            a20 = Vector512.FusedMultiplyAdd(q2, x0, a20); a21 = Vector512.FusedMultiplyAdd(q2, x1, a21); a22 = Vector512.FusedMultiplyAdd(q2, x2, a22); a23 = Vector512.FusedMultiplyAdd(q2, x3, a23);
            var q3 = Vector512.LoadUnsafe(ref queries, (nuint)(3 * stride) + c);
            a30 = Vector512.FusedMultiplyAdd(q3, x0, a30); a31 = Vector512.FusedMultiplyAdd(q3, x1, a31); a32 = Vector512.FusedMultiplyAdd(q3, x2, a32); a33 = Vector512.FusedMultiplyAdd(q3, x3, a33);
            var q4 = Vector512.LoadUnsafe(ref queries, (nuint)(4 * stride) + c);
            a40 = Vector512.FusedMultiplyAdd(q4, x0, a40); a41 = Vector512.FusedMultiplyAdd(q4, x1, a41); a42 = Vector512.FusedMultiplyAdd(q4, x2, a42); a43 = Vector512.FusedMultiplyAdd(q4, x3, a43);
            var q5 = Vector512.LoadUnsafe(ref queries, (nuint)(5 * stride) + c);
            a50 = Vector512.FusedMultiplyAdd(q5, x0, a50); a51 = Vector512.FusedMultiplyAdd(q5, x1, a51); a52 = Vector512.FusedMultiplyAdd(q5, x2, a52); a53 = Vector512.FusedMultiplyAdd(q5, x3, a53);
        }
        ReduceFour(a00, a01, a02, a03, ref Unsafe.Add(ref result, 0));
        ReduceFour(a10, a11, a12, a13, ref Unsafe.Add(ref result, 4));
        ReduceFour(a20, a21, a22, a23, ref Unsafe.Add(ref result, 8));
        ReduceFour(a30, a31, a32, a33, ref Unsafe.Add(ref result, 12));
        ReduceFour(a40, a41, a42, a43, ref Unsafe.Add(ref result, 16));
        ReduceFour(a50, a51, a52, a53, ref Unsafe.Add(ref result, 20));
    }

    /// <summary>2 queries × 2 rows, each 16-lane sum held as two 8-lane halves: 8 accumulators.</summary>
    private static void Tile256(ref float queries, ref float rows, nint stride, ref float result)
    {
        Vector256<float> a00l = default, a00h = default, a01l = default, a01h = default, a10l = default, a10h = default, a11l = default, a11h = default;
        for (nuint c = 0; c < (nuint)stride; c += Lanes)
        {
            var x0l = Vector256.LoadUnsafe(ref rows, c);
            var x0h = Vector256.LoadUnsafe(ref rows, c + 8);
            var x1l = Vector256.LoadUnsafe(ref rows, (nuint)stride + c);
            var x1h = Vector256.LoadUnsafe(ref rows, (nuint)stride + c + 8);
            var ql = Vector256.LoadUnsafe(ref queries, c);
            var qh = Vector256.LoadUnsafe(ref queries, c + 8);
            a00l = Vector256.FusedMultiplyAdd(ql, x0l, a00l); a00h = Vector256.FusedMultiplyAdd(qh, x0h, a00h);
            a01l = Vector256.FusedMultiplyAdd(ql, x1l, a01l); a01h = Vector256.FusedMultiplyAdd(qh, x1h, a01h);
            ql = Vector256.LoadUnsafe(ref queries, (nuint)stride + c);
            qh = Vector256.LoadUnsafe(ref queries, (nuint)stride + c + 8);
            a10l = Vector256.FusedMultiplyAdd(ql, x0l, a10l); a10h = Vector256.FusedMultiplyAdd(qh, x0h, a10h);
            a11l = Vector256.FusedMultiplyAdd(ql, x1l, a11l); a11h = Vector256.FusedMultiplyAdd(qh, x1h, a11h);
        }
        result = Reduce(a00l + a00h);
        Unsafe.Add(ref result, 1) = Reduce(a01l + a01h);
        Unsafe.Add(ref result, TileRows) = Reduce(a10l + a10h);
        Unsafe.Add(ref result, TileRows + 1) = Reduce(a11l + a11h);
    }

    /// <summary>1 query × 2 rows, each 16-lane sum held as four 4-lane quarters: 8 accumulators.</summary>
    private static void Tile128(ref float queries, ref float rows, nint stride, ref float result)
    {
        Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        for (nuint c = 0; c < (nuint)stride; c += Lanes)
        {
            var q0 = Vector128.LoadUnsafe(ref queries, c);
            var q1 = Vector128.LoadUnsafe(ref queries, c + 4);
            var q2 = Vector128.LoadUnsafe(ref queries, c + 8);
            var q3 = Vector128.LoadUnsafe(ref queries, c + 12);
            a0 = Vector128.FusedMultiplyAdd(q0, Vector128.LoadUnsafe(ref rows, c), a0);
            a1 = Vector128.FusedMultiplyAdd(q1, Vector128.LoadUnsafe(ref rows, c + 4), a1);
            a2 = Vector128.FusedMultiplyAdd(q2, Vector128.LoadUnsafe(ref rows, c + 8), a2);
            a3 = Vector128.FusedMultiplyAdd(q3, Vector128.LoadUnsafe(ref rows, c + 12), a3);
            b0 = Vector128.FusedMultiplyAdd(q0, Vector128.LoadUnsafe(ref rows, (nuint)stride + c), b0);
            b1 = Vector128.FusedMultiplyAdd(q1, Vector128.LoadUnsafe(ref rows, (nuint)stride + c + 4), b1);
            b2 = Vector128.FusedMultiplyAdd(q2, Vector128.LoadUnsafe(ref rows, (nuint)stride + c + 8), b2);
            b3 = Vector128.FusedMultiplyAdd(q3, Vector128.LoadUnsafe(ref rows, (nuint)stride + c + 12), b3);
        }
        // Lanes 0..3 + 8..11 and 4..7 + 12..15 give the first halving; their sum the second.
        result = Reduce((a0 + a2) + (a1 + a3));
        Unsafe.Add(ref result, 1) = Reduce((b0 + b2) + (b1 + b3));
    }

    /// <summary>
    /// Σ (aᵢ − bᵢ)² in double precision over the first <c>a.Length</c> components: 8 partial sums (component
    /// <c>c</c> into sum <c>c mod 8</c>) combined by halving, a fixed order. Exact for integer-valued data.
    /// </summary>
    public static double ExactSquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        b = b[..a.Length];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int c = 0;
        for (; c + 8 <= a.Length; c += 8)
        {
            double d0 = (double)a[c] - b[c], d1 = (double)a[c + 1] - b[c + 1], d2 = (double)a[c + 2] - b[c + 2], d3 = (double)a[c + 3] - b[c + 3];
            double d4 = (double)a[c + 4] - b[c + 4], d5 = (double)a[c + 5] - b[c + 5], d6 = (double)a[c + 6] - b[c + 6], d7 = (double)a[c + 7] - b[c + 7];
            s0 = Math.FusedMultiplyAdd(d0, d0, s0); s1 = Math.FusedMultiplyAdd(d1, d1, s1); s2 = Math.FusedMultiplyAdd(d2, d2, s2); s3 = Math.FusedMultiplyAdd(d3, d3, s3);
            s4 = Math.FusedMultiplyAdd(d4, d4, s4); s5 = Math.FusedMultiplyAdd(d5, d5, s5); s6 = Math.FusedMultiplyAdd(d6, d6, s6); s7 = Math.FusedMultiplyAdd(d7, d7, s7);
        }
        Span<double> s = [s0, s1, s2, s3, s4, s5, s6, s7];
        for (; c < a.Length; c++)
        {
            double d = (double)a[c] - b[c];
            s[c % 8] = Math.FusedMultiplyAdd(d, d, s[c % 8]);
        }
        return Halve(s);
    }

    /// <summary>Σ aᵢ·bᵢ in double precision over the first <c>a.Length</c> components, in the same fixed order as <see cref="ExactSquaredDistance"/>.</summary>
    public static double ExactDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        b = b[..a.Length];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int c = 0;
        for (; c + 8 <= a.Length; c += 8)
        {
            s0 = Math.FusedMultiplyAdd(a[c], b[c], s0); s1 = Math.FusedMultiplyAdd(a[c + 1], b[c + 1], s1);
            s2 = Math.FusedMultiplyAdd(a[c + 2], b[c + 2], s2); s3 = Math.FusedMultiplyAdd(a[c + 3], b[c + 3], s3);
            s4 = Math.FusedMultiplyAdd(a[c + 4], b[c + 4], s4); s5 = Math.FusedMultiplyAdd(a[c + 5], b[c + 5], s5);
            s6 = Math.FusedMultiplyAdd(a[c + 6], b[c + 6], s6); s7 = Math.FusedMultiplyAdd(a[c + 7], b[c + 7], s7);
        }
        Span<double> s = [s0, s1, s2, s3, s4, s5, s6, s7];
        for (; c < a.Length; c++) s[c % 8] = Math.FusedMultiplyAdd(a[c], b[c], s[c % 8]);
        return Halve(s);
    }

    private static double Halve(Span<double> s) => ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}
