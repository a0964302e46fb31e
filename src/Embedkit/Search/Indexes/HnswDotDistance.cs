using System.Runtime.CompilerServices;

namespace Embedkit.Search;

/// <summary>
/// The negated inner product −x·y, the navigation distance of <see cref="Metric.InnerProduct"/> and (on unit
/// vectors) <see cref="Metric.Cosine"/>. Not a metric, but the greedy search only needs an order (as hnswlib's
/// <c>ip</c> space, which uses 1 − x·y).
/// </summary>
internal readonly unsafe struct HnswDotDistance : IHnswDistance
{
    public static bool Coded => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float One(float* a, float* b, int stride) => -DistanceKernels.Dot(a, b, stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Four(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result)
    {
        DistanceKernels.Dotx4(q, x0, x1, x2, x3, stride, result);
        result[0] = -result[0];
        result[1] = -result[1];
        result[2] = -result[2];
        result[3] = -result[3];
    }
}
