using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Embedkit.SkipGram;

/// <summary>
/// The inner loops of skip-gram with negative sampling over rows padded to a multiple of 16 floats
/// (the padding is zero and stays zero: every update adds a multiple of another padded row).
/// Vector512 where the CPU has it, else Vector256, else scalar; <see cref="DotScalar"/> and
/// <see cref="UpdateScalar"/> are the references the tests compare against.
/// </summary>
internal static unsafe class SgnsKernel
{
    /// <summary>Σ a[i]·b[i] over <paramref name="length"/> floats (a multiple of 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int length)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            int i = 0;
            for (; i + 32 <= length; i += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 16), Vector512.Load(b + i + 16), s1);
            }
            if (i < length) s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s0);
            return Vector512.Sum(s0 + s1);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            for (int i = 0; i < length; i += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), s1);
            }
            return Vector256.Sum(s0 + s1);
        }
        return DotScalar(a, b, length);
    }

    /// <summary>accumulator += g·row; row += g·input, in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update(float* accumulator, float* row, float* input, float g, int length)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var gv = Vector512.Create(g);
            for (int i = 0; i < length; i += 16)
            {
                var r = Vector512.Load(row + i);
                Vector512.FusedMultiplyAdd(gv, r, Vector512.Load(accumulator + i)).Store(accumulator + i);
                Vector512.FusedMultiplyAdd(gv, Vector512.Load(input + i), r).Store(row + i);
            }
            return;
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var gv = Vector256.Create(g);
            for (int i = 0; i < length; i += 8)
            {
                var r = Vector256.Load(row + i);
                Vector256.FusedMultiplyAdd(gv, r, Vector256.Load(accumulator + i)).Store(accumulator + i);
                Vector256.FusedMultiplyAdd(gv, Vector256.Load(input + i), r).Store(row + i);
            }
            return;
        }
        UpdateScalar(accumulator, row, input, g, length);
    }

    /// <summary>row += source, then source is zeroed (applies and clears the accumulated input gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddAndClear(float* row, float* source, int length)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; i < length; i += 16)
            {
                (Vector512.Load(row + i) + Vector512.Load(source + i)).Store(row + i);
                Vector512<float>.Zero.Store(source + i);
            }
            return;
        }
        for (int i = 0; i < length; i++) { row[i] += source[i]; source[i] = 0; }
    }

    /// <summary>Scalar reference of <see cref="Dot"/>.</summary>
    public static float DotScalar(float* a, float* b, int length)
    {
        float sum = 0;
        for (int i = 0; i < length; i++) sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    /// <summary>Scalar reference of <see cref="Update"/>.</summary>
    public static void UpdateScalar(float* accumulator, float* row, float* input, float g, int length)
    {
        for (int i = 0; i < length; i++)
        {
            float r = row[i];
            accumulator[i] = MathF.FusedMultiplyAdd(g, r, accumulator[i]);
            row[i] = MathF.FusedMultiplyAdd(g, input[i], r);
        }
    }
}
