using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Embedkit.Graphs;

/// <summary>
/// The hot loop of FastRP's propagation: 64 columns of Σ_k w_k · rows[neighbour_k], with the sums in
/// eight Vector256 registers so that each neighbour's slice is read once and the output written once.
/// Neighbours are added in the given order, so the result is deterministic.
/// </summary>
internal static class GatherKernel
{
    /// <summary>Columns handled per call.</summary>
    public const int Width = 64;

    /// <summary>destination[0..64) = scale · Σ_k w_k · data[neighbors[k] · stride + column .. +64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sum(float[] data, int stride, int column, ReadOnlySpan<int> neighbors, ReadOnlySpan<float> weights, float scale, Span<float> destination)
    {
        ref float origin = ref MemoryMarshal.GetArrayDataReference(data);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        if (weights.IsEmpty)
        {
            foreach (int u in neighbors)
            {
                ref float row = ref Unsafe.Add(ref origin, (nint)u * stride + column);
                a0 += Vector256.LoadUnsafe(ref row, 0);
                a1 += Vector256.LoadUnsafe(ref row, 8);
                a2 += Vector256.LoadUnsafe(ref row, 16);
                a3 += Vector256.LoadUnsafe(ref row, 24);
                a4 += Vector256.LoadUnsafe(ref row, 32);
                a5 += Vector256.LoadUnsafe(ref row, 40);
                a6 += Vector256.LoadUnsafe(ref row, 48);
                a7 += Vector256.LoadUnsafe(ref row, 56);
            }
        }
        else
        {
            for (int k = 0; k < neighbors.Length; k++)
            {
                ref float row = ref Unsafe.Add(ref origin, (nint)neighbors[k] * stride + column);
                var w = Vector256.Create(weights[k]);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 0), w, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 8), w, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 16), w, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 24), w, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 32), w, a4);
                a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 40), w, a5);
                a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 48), w, a6);
                a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 56), w, a7);
            }
        }
        if (destination.Length < Width) throw new ArgumentException("destination is shorter than the kernel width", nameof(destination));
        var s = Vector256.Create(scale);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        (a0 * s).StoreUnsafe(ref dst, 0);
        (a1 * s).StoreUnsafe(ref dst, 8);
        (a2 * s).StoreUnsafe(ref dst, 16);
        (a3 * s).StoreUnsafe(ref dst, 24);
        (a4 * s).StoreUnsafe(ref dst, 32);
        (a5 * s).StoreUnsafe(ref dst, 40);
        (a6 * s).StoreUnsafe(ref dst, 48);
        (a7 * s).StoreUnsafe(ref dst, 56);
    }
}
