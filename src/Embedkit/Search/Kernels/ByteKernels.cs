using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Embedkit.Search;

/// <summary>
/// The kernels of 8-bit scalar quantization (<see cref="SQ8Codec"/>): sums over a row of byte codes
/// <c>u ∈ 0..255</c> and float weights. The bytes are widened to 32-bit integers and converted to float in
/// registers (<c>vpmovzxbd</c> + <c>vcvtdq2ps</c>), never summed in 8 bits: <c>TensorPrimitives.Dot&lt;sbyte&gt;</c>
/// accumulates in <c>sbyte</c> and overflows after a couple of terms. Products of two codes (at most
/// 255² = 65025) and squared differences are exact in float, so the only rounding is in the weighted sums.
/// </summary>
/// <remarks>
/// Every sum has one fixed order, whatever the width: 64 partial sums, lane <c>l</c> accumulating
/// components <c>l, l+64, l+128, …</c> by fused multiply-adds from +0, then combined by halving (lanes
/// <c>i</c> and <c>i+32</c>, then <c>i</c> and <c>i+16</c>, … down to the last two). So the Vector512,
/// Vector256, Vector128 and scalar paths are bit-identical; the scalar path is the reference. Lengths need
/// not be multiples of anything: a tail shorter than the vector goes through the scalar step into its lanes.
/// </remarks>
internal static class ByteKernels
{
    /// <summary>Partial sums per row (the logical vector width).</summary>
    public const int Lanes = 64;

    /// <summary>The widest width this machine runs in hardware.</summary>
    public static KernelWidth Best { get; } =
        Avx512F.IsSupported ? KernelWidth.Vector512
        : Avx2.IsSupported && Fma.IsSupported ? KernelWidth.Vector256
        : (Sse41.IsSupported && Fma.IsSupported) || AdvSimd.IsSupported ? KernelWidth.Vector128
        : KernelWidth.Scalar;

    /// <summary>Σ wⱼ·uⱼ: the asymmetric inner product (with the weights wⱼ = qⱼ·stepⱼ).</summary>
    public static float Dot(ReadOnlySpan<float> weights, ReadOnlySpan<byte> codes, KernelWidth width)
    {
        Require(codes.Length, weights.Length);
        var op = new DotOp(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(codes));
        return Run(ref op, codes.Length, width);
    }

    /// <summary>Σ (aⱼ − stepⱼ·uⱼ)²: the asymmetric squared distance (with aⱼ = qⱼ − minⱼ).</summary>
    public static float SquaredDistance(ReadOnlySpan<float> offsets, ReadOnlySpan<float> steps, ReadOnlySpan<byte> codes, KernelWidth width)
    {
        Require(codes.Length, offsets.Length);
        Require(codes.Length, steps.Length);
        var op = new SquaredDistanceOp(ref MemoryMarshal.GetReference(offsets), ref MemoryMarshal.GetReference(steps), ref MemoryMarshal.GetReference(codes));
        return Run(ref op, codes.Length, width);
    }

    /// <summary>Σ wⱼ·(xⱼ − yⱼ)²: the symmetric squared distance of two codes (with wⱼ = stepⱼ²).</summary>
    public static float WeightedSquaredDifference(ReadOnlySpan<float> weights, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, KernelWidth width)
    {
        Require(x.Length, weights.Length);
        Require(x.Length, y.Length);
        var op = new DifferenceOp(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
        return Run(ref op, x.Length, width);
    }

    /// <summary>Σ wⱼ·xⱼ·yⱼ: the code-by-code part of the symmetric inner product (with wⱼ = stepⱼ²).</summary>
    public static float WeightedProduct(ReadOnlySpan<float> weights, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, KernelWidth width)
    {
        Require(x.Length, weights.Length);
        Require(x.Length, y.Length);
        var op = new ProductOp(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
        return Run(ref op, x.Length, width);
    }

    private static void Require(int length, int other)
    {
        if (other < length) throw new ArgumentException($"byte kernel: {length} codes need {length} values, found {other}");
    }

    /// <summary>One step of a row sum: accumulates components j.. into the lanes of an accumulator.</summary>
    private interface IStep
    {
        Vector512<float> Step(Vector512<float> acc, nint j);
        Vector256<float> Step(Vector256<float> acc, nint j);
        Vector128<float> Step(Vector128<float> acc, nint j);
        float Step(float acc, nint j);
    }

    /// <summary>Runs <paramref name="op"/> over <paramref name="n"/> components in the fixed 64-lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Run<T>(ref T op, int n, KernelWidth width) where T : struct, IStep, allows ref struct
    {
        Span<float> lanes = stackalloc float[Lanes];
        nint j = 0;
        switch (width)
        {
            case KernelWidth.Vector512:
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (; j + 64 <= n; j += 64)
                {
                    a0 = op.Step(a0, j);
                    a1 = op.Step(a1, j + 16);
                    a2 = op.Step(a2, j + 32);
                    a3 = op.Step(a3, j + 48);
                }
                if (j + 16 <= n) { a0 = op.Step(a0, j); j += 16; }
                if (j + 16 <= n) { a1 = op.Step(a1, j); j += 16; }
                if (j + 16 <= n) { a2 = op.Step(a2, j); j += 16; }
                if (j == n) return Reduce(a0, a1, a2, a3);
                a0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes));
                a1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 16);
                a2.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 32);
                a3.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 48);
                break;
            }
            case KernelWidth.Vector256:
                lanes.Clear();
                for (; j + 8 <= n; j += 8)
                {
                    ref float at = ref lanes[(int)(j % Lanes)];
                    op.Step(Vector256.LoadUnsafe(ref at), j).StoreUnsafe(ref at);
                }
                break;
            case KernelWidth.Vector128:
                lanes.Clear();
                for (; j + 4 <= n; j += 4)
                {
                    ref float at = ref lanes[(int)(j % Lanes)];
                    op.Step(Vector128.LoadUnsafe(ref at), j).StoreUnsafe(ref at);
                }
                break;
            default:
                lanes.Clear();
                break;
        }
        for (; j < n; j++) lanes[(int)(j % Lanes)] = op.Step(lanes[(int)(j % Lanes)], j);
        for (int w = Lanes / 2; w >= 1; w /= 2)
            for (int i = 0; i < w; i++) lanes[i] += lanes[i + w];
        return lanes[0];
    }

    /// <summary>The halving order on four 16-lane accumulators (lanes 0–15, 16–31, 32–47, 48–63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3)
    {
        Vector512<float> v16 = (a0 + a2) + (a1 + a3);
        Vector256<float> v8 = v16.GetLower() + v16.GetUpper();
        Vector128<float> v4 = v8.GetLower() + v8.GetUpper();
        Vector128<float> v2 = v4 + Vector128.Shuffle(v4, Vector128.Create(2, 3, 0, 1));
        return v2.ToScalar() + v2.GetElement(1);
    }

    /// <summary>16 bytes widened to 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen16(ref byte p) =>
        Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref p)));

    /// <summary>8 bytes widened to 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen8(ref byte p)
    {
        Vector128<byte> b = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref p)).AsByte();
        if (Avx2.IsSupported) return Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(b));
        Vector128<ushort> w = Vector128.WidenLower(b);
        return Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(w), Vector128.WidenUpper(w)));
    }

    /// <summary>4 bytes widened to 4 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Widen4(ref byte p)
    {
        Vector128<byte> b = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref p)).AsByte();
        if (Sse41.IsSupported) return Sse2.ConvertToVector128Single(Sse41.ConvertToVector128Int32(b));
        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(b)));
    }

    private ref struct DotOp(ref float weights, ref byte codes) : IStep
    {
        private readonly ref float _w = ref weights;
        private readonly ref byte _u = ref codes;

        public Vector512<float> Step(Vector512<float> acc, nint j) =>
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref _w, (nuint)j), Widen16(ref Unsafe.Add(ref _u, j)), acc);

        public Vector256<float> Step(Vector256<float> acc, nint j) =>
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref _w, (nuint)j), Widen8(ref Unsafe.Add(ref _u, j)), acc);

        public Vector128<float> Step(Vector128<float> acc, nint j) =>
            Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref _w, (nuint)j), Widen4(ref Unsafe.Add(ref _u, j)), acc);

        public float Step(float acc, nint j) => MathF.FusedMultiplyAdd(Unsafe.Add(ref _w, j), Unsafe.Add(ref _u, j), acc);
    }

    private ref struct SquaredDistanceOp(ref float offsets, ref float steps, ref byte codes) : IStep
    {
        private readonly ref float _a = ref offsets;
        private readonly ref float _s = ref steps;
        private readonly ref byte _u = ref codes;

        public Vector512<float> Step(Vector512<float> acc, nint j)
        {
            Vector512<float> t = Vector512.FusedMultiplyAdd(-Vector512.LoadUnsafe(ref _s, (nuint)j), Widen16(ref Unsafe.Add(ref _u, j)), Vector512.LoadUnsafe(ref _a, (nuint)j));
            return Vector512.FusedMultiplyAdd(t, t, acc);
        }

        public Vector256<float> Step(Vector256<float> acc, nint j)
        {
            Vector256<float> t = Vector256.FusedMultiplyAdd(-Vector256.LoadUnsafe(ref _s, (nuint)j), Widen8(ref Unsafe.Add(ref _u, j)), Vector256.LoadUnsafe(ref _a, (nuint)j));
            return Vector256.FusedMultiplyAdd(t, t, acc);
        }

        public Vector128<float> Step(Vector128<float> acc, nint j)
        {
            Vector128<float> t = Vector128.FusedMultiplyAdd(-Vector128.LoadUnsafe(ref _s, (nuint)j), Widen4(ref Unsafe.Add(ref _u, j)), Vector128.LoadUnsafe(ref _a, (nuint)j));
            return Vector128.FusedMultiplyAdd(t, t, acc);
        }

        public float Step(float acc, nint j)
        {
            float t = MathF.FusedMultiplyAdd(-Unsafe.Add(ref _s, j), Unsafe.Add(ref _u, j), Unsafe.Add(ref _a, j));
            return MathF.FusedMultiplyAdd(t, t, acc);
        }
    }

    private ref struct DifferenceOp(ref float weights, ref byte x, ref byte y) : IStep
    {
        private readonly ref float _w = ref weights;
        private readonly ref byte _x = ref x;
        private readonly ref byte _y = ref y;

        public Vector512<float> Step(Vector512<float> acc, nint j)
        {
            Vector512<float> t = Widen16(ref Unsafe.Add(ref _x, j)) - Widen16(ref Unsafe.Add(ref _y, j));
            return Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref _w, (nuint)j), t * t, acc);
        }

        public Vector256<float> Step(Vector256<float> acc, nint j)
        {
            Vector256<float> t = Widen8(ref Unsafe.Add(ref _x, j)) - Widen8(ref Unsafe.Add(ref _y, j));
            return Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref _w, (nuint)j), t * t, acc);
        }

        public Vector128<float> Step(Vector128<float> acc, nint j)
        {
            Vector128<float> t = Widen4(ref Unsafe.Add(ref _x, j)) - Widen4(ref Unsafe.Add(ref _y, j));
            return Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref _w, (nuint)j), t * t, acc);
        }

        public float Step(float acc, nint j)
        {
            float t = (float)Unsafe.Add(ref _x, j) - Unsafe.Add(ref _y, j);
            return MathF.FusedMultiplyAdd(Unsafe.Add(ref _w, j), t * t, acc);
        }
    }

    private ref struct ProductOp(ref float weights, ref byte x, ref byte y) : IStep
    {
        private readonly ref float _w = ref weights;
        private readonly ref byte _x = ref x;
        private readonly ref byte _y = ref y;

        public Vector512<float> Step(Vector512<float> acc, nint j) =>
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref _w, (nuint)j), Widen16(ref Unsafe.Add(ref _x, j)) * Widen16(ref Unsafe.Add(ref _y, j)), acc);

        public Vector256<float> Step(Vector256<float> acc, nint j) =>
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref _w, (nuint)j), Widen8(ref Unsafe.Add(ref _x, j)) * Widen8(ref Unsafe.Add(ref _y, j)), acc);

        public Vector128<float> Step(Vector128<float> acc, nint j) =>
            Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref _w, (nuint)j), Widen4(ref Unsafe.Add(ref _x, j)) * Widen4(ref Unsafe.Add(ref _y, j)), acc);

        public float Step(float acc, nint j) =>
            MathF.FusedMultiplyAdd(Unsafe.Add(ref _w, j), (float)Unsafe.Add(ref _x, j) * Unsafe.Add(ref _y, j), acc);
    }
}
