using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Embedkit.Evaluation;

/// <summary>
/// Blocked SIMD kernels that evaluate the log-loss and its gradient for many binary classifiers at once:
/// <c>Z = X·W</c>, <c>R = σ(Z) − Y</c>, <c>G = Xᵀ·R</c>, one row chunk at a time. Each output element is a
/// sum in a fixed order (rows in order within a chunk, chunks in order), independent of the SIMD lane and
/// of the number of threads. <see cref="ForwardScalar"/> and <see cref="BackwardScalar"/> are the references.
/// </summary>
internal static class LogisticKernels
{
    /// <summary>z (m × lp) = x (m × dp, row-major) · w (dp × lp); m a multiple of 4, lp a multiple of the vector width.</summary>
    public static void Forward(ReadOnlySpan<double> x, int m, int dp, ReadOnlySpan<double> w, int lp, Span<double> z)
    {
        int v = Vector<double>.Count;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double wr = ref MemoryMarshal.GetReference(w);
        ref double zr = ref MemoryMarshal.GetReference(z);
        if (x.Length < m * dp || w.Length < dp * lp || z.Length < m * lp) throw new ArgumentException("buffer too small");
        for (int i = 0; i < m; i += 4)
        {
            nuint r0 = (nuint)(i * dp), r1 = r0 + (nuint)dp, r2 = r1 + (nuint)dp, r3 = r2 + (nuint)dp;
            int j = 0;
            for (; j + 2 * v <= lp; j += 2 * v)
            {
                Vector<double> a00 = default, a01 = default, a10 = default, a11 = default,
                    a20 = default, a21 = default, a30 = default, a31 = default;
                nuint wo = (nuint)j;
                for (int k = 0; k < dp; k++, wo += (nuint)lp)
                {
                    var w0 = Vector.LoadUnsafe(ref wr, wo);
                    var w1 = Vector.LoadUnsafe(ref wr, wo + (nuint)v);
                    var b0 = new Vector<double>(Unsafe.Add(ref xr, r0 + (nuint)k));
                    var b1 = new Vector<double>(Unsafe.Add(ref xr, r1 + (nuint)k));
                    var b2 = new Vector<double>(Unsafe.Add(ref xr, r2 + (nuint)k));
                    var b3 = new Vector<double>(Unsafe.Add(ref xr, r3 + (nuint)k));
                    a00 = Vector.FusedMultiplyAdd(b0, w0, a00); a01 = Vector.FusedMultiplyAdd(b0, w1, a01);
                    a10 = Vector.FusedMultiplyAdd(b1, w0, a10); a11 = Vector.FusedMultiplyAdd(b1, w1, a11);
                    a20 = Vector.FusedMultiplyAdd(b2, w0, a20); a21 = Vector.FusedMultiplyAdd(b2, w1, a21);
                    a30 = Vector.FusedMultiplyAdd(b3, w0, a30); a31 = Vector.FusedMultiplyAdd(b3, w1, a31);
                }
                nuint zo = (nuint)(i * lp + j);
                a00.StoreUnsafe(ref zr, zo); a01.StoreUnsafe(ref zr, zo + (nuint)v); zo += (nuint)lp;
                a10.StoreUnsafe(ref zr, zo); a11.StoreUnsafe(ref zr, zo + (nuint)v); zo += (nuint)lp;
                a20.StoreUnsafe(ref zr, zo); a21.StoreUnsafe(ref zr, zo + (nuint)v); zo += (nuint)lp;
                a30.StoreUnsafe(ref zr, zo); a31.StoreUnsafe(ref zr, zo + (nuint)v);
            }
            for (; j < lp; j += v)
            {
                Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
                nuint wo = (nuint)j;
                for (int k = 0; k < dp; k++, wo += (nuint)lp)
                {
                    var w0 = Vector.LoadUnsafe(ref wr, wo);
                    a0 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, r0 + (nuint)k)), w0, a0);
                    a1 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, r1 + (nuint)k)), w0, a1);
                    a2 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, r2 + (nuint)k)), w0, a2);
                    a3 = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref xr, r3 + (nuint)k)), w0, a3);
                }
                nuint zo = (nuint)(i * lp + j);
                a0.StoreUnsafe(ref zr, zo); zo += (nuint)lp;
                a1.StoreUnsafe(ref zr, zo); zo += (nuint)lp;
                a2.StoreUnsafe(ref zr, zo); zo += (nuint)lp;
                a3.StoreUnsafe(ref zr, zo);
            }
        }
    }

    /// <summary>
    /// g (dp × lp) = xt (dp × m, the transposed chunk) · r (m × lp); dp a multiple of 4. The same product
    /// as <see cref="Forward"/> with the roles of rows and inner dimension swapped.
    /// </summary>
    public static void Backward(ReadOnlySpan<double> xt, int m, int dp, ReadOnlySpan<double> r, int lp, Span<double> g) =>
        Forward(xt, dp, m, r, lp, g);

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(ReadOnlySpan<double> x, int m, int dp, ReadOnlySpan<double> w, int lp, Span<double> z)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < lp; j++)
            {
                double s = 0;
                for (int k = 0; k < dp; k++) s = Math.FusedMultiplyAdd(x[i * dp + k], w[k * lp + j], s);
                z[i * lp + j] = s;
            }
    }

    /// <summary>Scalar reference of <see cref="Backward"/>.</summary>
    public static void BackwardScalar(ReadOnlySpan<double> xt, int m, int dp, ReadOnlySpan<double> r, int lp, Span<double> g)
    {
        for (int k = 0; k < dp; k++)
            for (int j = 0; j < lp; j++)
            {
                double s = 0;
                for (int i = 0; i < m; i++) s = Math.FusedMultiplyAdd(xt[k * m + i], r[i * lp + j], s);
                g[k * lp + j] = s;
            }
    }

    /// <summary>
    /// In place: z (m × lp) becomes the residual σ(z) − y for the first <paramref name="realRows"/> rows
    /// (0 for padding rows), and the per-column sums of the log-loss <c>log(1 + e^z) − y·z</c> over real rows
    /// are written to <paramref name="loss"/> (length lp). <paramref name="scratch"/> has m × lp values.
    /// </summary>
    public static void Residual(Span<double> z, ReadOnlySpan<double> y, int m, int realRows, int lp, Span<double> loss, Span<double> scratch)
    {
        int n = realRows * lp;
        Span<double> zr = z[..n], e = scratch[..n];
        // e = exp(-|z|) in (0, 1]; softplus(z) = max(z, 0) + log1p(e); σ(z) = z ≥ 0 ? 1/(1+e) : e/(1+e).
        TensorPrimitives.Abs(zr, e);
        TensorPrimitives.Negate(e, e);
        TensorPrimitives.Exp(e, e);
        loss[..lp].Clear();
        int v = Vector<double>.Count;
        ref double zp = ref MemoryMarshal.GetReference(zr);
        ref double ep = ref MemoryMarshal.GetReference(e);
        ref double yp = ref MemoryMarshal.GetReference(y);
        ref double lp0 = ref MemoryMarshal.GetReference(loss);
        for (int i = 0; i < realRows; i++)
        {
            for (int j = 0; j < lp; j += v)
            {
                nuint o = (nuint)(i * lp + j);
                var zv = Vector.LoadUnsafe(ref zp, o);
                var ev = Vector.LoadUnsafe(ref ep, o);
                var yv = Vector.LoadUnsafe(ref yp, o);
                var onePlus = Vector<double>.One + ev;
                var nonNeg = Vector.GreaterThanOrEqual(zv, Vector<double>.Zero);
                var sig = Vector.ConditionalSelect(nonNeg, Vector<double>.One, ev) / onePlus;
                var part = Vector.Max(zv, Vector<double>.Zero) - yv * zv;
                var acc = Vector.LoadUnsafe(ref lp0, (nuint)j);
                (acc + part).StoreUnsafe(ref lp0, (nuint)j);
                (sig - yv).StoreUnsafe(ref zp, o);
                onePlus.StoreUnsafe(ref ep, o);
            }
        }
        TensorPrimitives.Log(e, e);
        for (int i = 0; i < realRows; i++)
            TensorPrimitives.Add(loss[..lp], e.Slice(i * lp, lp), loss[..lp]);
        z[n..(m * lp)].Clear();
    }
}
