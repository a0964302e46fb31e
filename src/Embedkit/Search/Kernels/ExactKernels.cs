using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Embedkit.Search;

/// <summary>
/// SIMD forms of <see cref="DotKernels.ExactSquaredDistance"/> and <see cref="DotKernels.ExactDot"/>, the
/// double-precision scores every index reports: the same 8 partial sums (component <c>c</c> into sum <c>c mod 8</c>,
/// by fused multiply-adds in component order) and the same combining order, so the results are bit-identical to
/// the scalar references (which the tests compare against), only faster.
/// </summary>
internal static unsafe class ExactKernels
{
    /// <summary>Σ (aᵢ − bᵢ)² in double over <paramref name="length"/> components; bit-identical to <see cref="DotKernels.ExactSquaredDistance"/>.</summary>
    public static double SquaredDistance(float* a, float* b, int length)
    {
        if (!Vector256.IsHardwareAccelerated) return DotKernels.ExactSquaredDistance(new ReadOnlySpan<float>(a, length), new ReadOnlySpan<float>(b, length));
        Vector256<double> lo = default, hi = default; // sums 0..3 and 4..7
        int c = 0;
        for (; c + 8 <= length; c += 8)
        {
            Vector256<float> x = Vector256.Load(a + c), y = Vector256.Load(b + c);
            Vector256<double> dl = Vector256.WidenLower(x) - Vector256.WidenLower(y);
            Vector256<double> dh = Vector256.WidenUpper(x) - Vector256.WidenUpper(y);
            lo = Vector256.FusedMultiplyAdd(dl, dl, lo);
            hi = Vector256.FusedMultiplyAdd(dh, dh, hi);
        }
        return Finish(lo, hi, a, b, c, length, squared: true);
    }

    /// <summary>Σ aᵢ·bᵢ in double over <paramref name="length"/> components; bit-identical to <see cref="DotKernels.ExactDot"/>.</summary>
    public static double Dot(float* a, float* b, int length)
    {
        if (!Vector256.IsHardwareAccelerated) return DotKernels.ExactDot(new ReadOnlySpan<float>(a, length), new ReadOnlySpan<float>(b, length));
        Vector256<double> lo = default, hi = default;
        int c = 0;
        for (; c + 8 <= length; c += 8)
        {
            Vector256<float> x = Vector256.Load(a + c), y = Vector256.Load(b + c);
            lo = Vector256.FusedMultiplyAdd(Vector256.WidenLower(x), Vector256.WidenLower(y), lo);
            hi = Vector256.FusedMultiplyAdd(Vector256.WidenUpper(x), Vector256.WidenUpper(y), hi);
        }
        return Finish(lo, hi, a, b, c, length, squared: false);
    }

    /// <summary>The scalar tail into sum <c>c mod 8</c>, then ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Finish(Vector256<double> lo, Vector256<double> hi, float* a, float* b, int c, int length, bool squared)
    {
        if (c < length)
        {
            double* s = stackalloc double[8];
            lo.Store(s);
            hi.Store(s + 4);
            for (; c < length; c++)
            {
                double x = a[c], y = b[c];
                s[c % 8] = squared ? Math.FusedMultiplyAdd(x - y, x - y, s[c % 8]) : Math.FusedMultiplyAdd(x, y, s[c % 8]);
            }
            lo = Vector256.Load(s);
            hi = Vector256.Load(s + 4);
        }
        Vector256<double> t = lo + hi;
        return (t.GetElement(0) + t.GetElement(2)) + (t.GetElement(1) + t.GetElement(3));
    }
}
