using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Embedkit.Search;

/// <summary>
/// The distance kernels of graph search: one query against one stored vector, or against four at once
/// (four independent streams, so that four vectors are fetched from memory in parallel and each query value
/// loaded feeds four multiply-adds). Rows are padded with zeros to <see cref="DotKernels.Stride"/>, a multiple
/// of 16 floats, so there is no tail loop.
/// </summary>
/// <remarks>
/// The summation order is <see cref="DotKernels"/>' fixed order: 16 partial sums, lane <c>l</c> accumulating
/// components <c>l, l+16, …</c> by fused multiply-adds, then combined by halving. So every width (Vector512,
/// Vector256, Vector128, scalar) and the one- and four-row kernels give bit-identical values
/// (<see cref="SquaredL2Scalar"/> and <see cref="DotKernels.DotScalar"/> are the references), and an index
/// built on one machine is the same graph as one built on another.
/// </remarks>
internal static unsafe class DistanceKernels
{
    /// <summary>Σ (aᵢ − bᵢ)² over <paramref name="stride"/> floats, at the widest width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredL2(float* a, float* b, int stride) => SquaredL2(a, b, stride, DotKernels.Best);

    /// <summary>Σ aᵢ·bᵢ over <paramref name="stride"/> floats, at the widest width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int stride) => Dot(a, b, stride, DotKernels.Best);

    /// <summary><c>result[j] = Σ (qᵢ − xⱼᵢ)²</c> for the four rows x₀..x₃, at the widest width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SquaredL2x4(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result) =>
        SquaredL2x4(q, x0, x1, x2, x3, stride, result, DotKernels.Best);

    /// <summary><c>result[j] = Σ qᵢ·xⱼᵢ</c> for the four rows x₀..x₃, at the widest width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dotx4(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result) =>
        Dotx4(q, x0, x1, x2, x3, stride, result, DotKernels.Best);

    /// <summary>Asks the processor to start loading the cache line at <paramref name="address"/> (a hint; a no-op where unsupported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(void* address)
    {
        if (Sse.IsSupported) Sse.Prefetch0(address);
    }

    /// <summary>The reference: Σ (aᵢ − bᵢ)² in the fixed order, one scalar at a time.</summary>
    public static float SquaredL2Scalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Span<float> lane = stackalloc float[DotKernels.Lanes];
        lane.Clear();
        for (int c = 0; c < a.Length; c++)
        {
            float d = a[c] - b[c];
            lane[c % DotKernels.Lanes] = MathF.FusedMultiplyAdd(d, d, lane[c % DotKernels.Lanes]);
        }
        for (int width = DotKernels.Lanes / 2; width >= 1; width /= 2)
            for (int i = 0; i < width; i++) lane[i] += lane[i + width];
        return lane[0];
    }

    /// <summary>Σ (aᵢ − bᵢ)² at <paramref name="width"/>.</summary>
    public static float SquaredL2(float* a, float* b, int stride, KernelWidth width)
    {
        nuint n = (nuint)stride;
        switch (width)
        {
            case KernelWidth.Vector512:
            {
                Vector512<float> s = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var d = Vector512.Load(a + c) - Vector512.Load(b + c);
                    s = Vector512.FusedMultiplyAdd(d, d, s);
                }
                return Reduce(s.GetLower() + s.GetUpper());
            }
            case KernelWidth.Vector256:
            {
                Vector256<float> lo = default, hi = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var dl = Vector256.Load(a + c) - Vector256.Load(b + c);
                    var dh = Vector256.Load(a + c + 8) - Vector256.Load(b + c + 8);
                    lo = Vector256.FusedMultiplyAdd(dl, dl, lo);
                    hi = Vector256.FusedMultiplyAdd(dh, dh, hi);
                }
                return Reduce(lo + hi);
            }
            case KernelWidth.Vector128:
            {
                Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var d0 = Vector128.Load(a + c) - Vector128.Load(b + c);
                    var d1 = Vector128.Load(a + c + 4) - Vector128.Load(b + c + 4);
                    var d2 = Vector128.Load(a + c + 8) - Vector128.Load(b + c + 8);
                    var d3 = Vector128.Load(a + c + 12) - Vector128.Load(b + c + 12);
                    s0 = Vector128.FusedMultiplyAdd(d0, d0, s0);
                    s1 = Vector128.FusedMultiplyAdd(d1, d1, s1);
                    s2 = Vector128.FusedMultiplyAdd(d2, d2, s2);
                    s3 = Vector128.FusedMultiplyAdd(d3, d3, s3);
                }
                return Reduce((s0 + s2) + (s1 + s3));
            }
            default:
                return SquaredL2Scalar(new ReadOnlySpan<float>(a, stride), new ReadOnlySpan<float>(b, stride));
        }
    }

    /// <summary>Σ aᵢ·bᵢ at <paramref name="width"/>.</summary>
    public static float Dot(float* a, float* b, int stride, KernelWidth width)
    {
        nuint n = (nuint)stride;
        switch (width)
        {
            case KernelWidth.Vector512:
            {
                Vector512<float> s = default;
                for (nuint c = 0; c < n; c += 16) s = Vector512.FusedMultiplyAdd(Vector512.Load(a + c), Vector512.Load(b + c), s);
                return Reduce(s.GetLower() + s.GetUpper());
            }
            case KernelWidth.Vector256:
            {
                Vector256<float> lo = default, hi = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    lo = Vector256.FusedMultiplyAdd(Vector256.Load(a + c), Vector256.Load(b + c), lo);
                    hi = Vector256.FusedMultiplyAdd(Vector256.Load(a + c + 8), Vector256.Load(b + c + 8), hi);
                }
                return Reduce(lo + hi);
            }
            case KernelWidth.Vector128:
            {
                Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    s0 = Vector128.FusedMultiplyAdd(Vector128.Load(a + c), Vector128.Load(b + c), s0);
                    s1 = Vector128.FusedMultiplyAdd(Vector128.Load(a + c + 4), Vector128.Load(b + c + 4), s1);
                    s2 = Vector128.FusedMultiplyAdd(Vector128.Load(a + c + 8), Vector128.Load(b + c + 8), s2);
                    s3 = Vector128.FusedMultiplyAdd(Vector128.Load(a + c + 12), Vector128.Load(b + c + 12), s3);
                }
                return Reduce((s0 + s2) + (s1 + s3));
            }
            default:
                return DotKernels.DotScalar(new ReadOnlySpan<float>(a, stride), new ReadOnlySpan<float>(b, stride));
        }
    }

    /// <summary>Four squared distances at <paramref name="width"/>: 4 × 16 partial sums, one set per row.</summary>
    public static void SquaredL2x4(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result, KernelWidth width)
    {
        nuint n = (nuint)stride;
        switch (width)
        {
            case KernelWidth.Vector512:
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var v = Vector512.Load(q + c);
                    var d0 = v - Vector512.Load(x0 + c);
                    var d1 = v - Vector512.Load(x1 + c);
                    var d2 = v - Vector512.Load(x2 + c);
                    var d3 = v - Vector512.Load(x3 + c);
                    s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                    s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
                    s2 = Vector512.FusedMultiplyAdd(d2, d2, s2);
                    s3 = Vector512.FusedMultiplyAdd(d3, d3, s3);
                }
                result[0] = Reduce(s0.GetLower() + s0.GetUpper());
                result[1] = Reduce(s1.GetLower() + s1.GetUpper());
                result[2] = Reduce(s2.GetLower() + s2.GetUpper());
                result[3] = Reduce(s3.GetLower() + s3.GetUpper());
                return;
            }
            case KernelWidth.Vector256:
            {
                Vector256<float> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var ql = Vector256.Load(q + c);
                    var qh = Vector256.Load(q + c + 8);
                    var a = ql - Vector256.Load(x0 + c);
                    var b = qh - Vector256.Load(x0 + c + 8);
                    l0 = Vector256.FusedMultiplyAdd(a, a, l0);
                    h0 = Vector256.FusedMultiplyAdd(b, b, h0);
                    a = ql - Vector256.Load(x1 + c);
                    b = qh - Vector256.Load(x1 + c + 8);
                    l1 = Vector256.FusedMultiplyAdd(a, a, l1);
                    h1 = Vector256.FusedMultiplyAdd(b, b, h1);
                    a = ql - Vector256.Load(x2 + c);
                    b = qh - Vector256.Load(x2 + c + 8);
                    l2 = Vector256.FusedMultiplyAdd(a, a, l2);
                    h2 = Vector256.FusedMultiplyAdd(b, b, h2);
                    a = ql - Vector256.Load(x3 + c);
                    b = qh - Vector256.Load(x3 + c + 8);
                    l3 = Vector256.FusedMultiplyAdd(a, a, l3);
                    h3 = Vector256.FusedMultiplyAdd(b, b, h3);
                }
                result[0] = Reduce(l0 + h0);
                result[1] = Reduce(l1 + h1);
                result[2] = Reduce(l2 + h2);
                result[3] = Reduce(l3 + h3);
                return;
            }
            default:
                result[0] = SquaredL2(q, x0, stride, width);
                result[1] = SquaredL2(q, x1, stride, width);
                result[2] = SquaredL2(q, x2, stride, width);
                result[3] = SquaredL2(q, x3, stride, width);
                return;
        }
    }

    /// <summary>Four dot products at <paramref name="width"/>.</summary>
    public static void Dotx4(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result, KernelWidth width)
    {
        nuint n = (nuint)stride;
        switch (width)
        {
            case KernelWidth.Vector512:
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var v = Vector512.Load(q + c);
                    s0 = Vector512.FusedMultiplyAdd(v, Vector512.Load(x0 + c), s0);
                    s1 = Vector512.FusedMultiplyAdd(v, Vector512.Load(x1 + c), s1);
                    s2 = Vector512.FusedMultiplyAdd(v, Vector512.Load(x2 + c), s2);
                    s3 = Vector512.FusedMultiplyAdd(v, Vector512.Load(x3 + c), s3);
                }
                result[0] = Reduce(s0.GetLower() + s0.GetUpper());
                result[1] = Reduce(s1.GetLower() + s1.GetUpper());
                result[2] = Reduce(s2.GetLower() + s2.GetUpper());
                result[3] = Reduce(s3.GetLower() + s3.GetUpper());
                return;
            }
            case KernelWidth.Vector256:
            {
                Vector256<float> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
                for (nuint c = 0; c < n; c += 16)
                {
                    var ql = Vector256.Load(q + c);
                    var qh = Vector256.Load(q + c + 8);
                    l0 = Vector256.FusedMultiplyAdd(ql, Vector256.Load(x0 + c), l0);
                    h0 = Vector256.FusedMultiplyAdd(qh, Vector256.Load(x0 + c + 8), h0);
                    l1 = Vector256.FusedMultiplyAdd(ql, Vector256.Load(x1 + c), l1);
                    h1 = Vector256.FusedMultiplyAdd(qh, Vector256.Load(x1 + c + 8), h1);
                    l2 = Vector256.FusedMultiplyAdd(ql, Vector256.Load(x2 + c), l2);
                    h2 = Vector256.FusedMultiplyAdd(qh, Vector256.Load(x2 + c + 8), h2);
                    l3 = Vector256.FusedMultiplyAdd(ql, Vector256.Load(x3 + c), l3);
                    h3 = Vector256.FusedMultiplyAdd(qh, Vector256.Load(x3 + c + 8), h3);
                }
                result[0] = Reduce(l0 + h0);
                result[1] = Reduce(l1 + h1);
                result[2] = Reduce(l2 + h2);
                result[3] = Reduce(l3 + h3);
                return;
            }
            default:
                result[0] = Dot(q, x0, stride, width);
                result[1] = Dot(q, x1, stride, width);
                result[2] = Dot(q, x2, stride, width);
                result[3] = Dot(q, x3, stride, width);
                return;
        }
    }

    /// <summary>Lanes i and i+4, then i and i+2, then the last two (after the caller's first halving).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector256<float> v) => Reduce(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector128<float> v)
    {
        Vector128<float> pairs = v + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        return pairs.ToScalar() + pairs.GetElement(1);
    }
}
