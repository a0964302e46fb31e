using System.Runtime.CompilerServices;

namespace Embedkit.Search;

/// <summary>Squared Euclidean distance, the navigation distance of <see cref="Metric.L2"/>.</summary>
internal readonly unsafe struct HnswL2Distance : IHnswDistance
{
    public static bool Coded => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float One(float* a, float* b, int stride) => DistanceKernels.SquaredL2(a, b, stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Four(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result) =>
        DistanceKernels.SquaredL2x4(q, x0, x1, x2, x3, stride, result);
}
