namespace Embedkit.Search;

/// <summary>
/// The type argument of an <see cref="HnswIndex"/> that stores codec codes (<c>HNSW32,SQ8</c>): it only marks the
/// loops as coded (<see cref="Coded"/>), whose distances the index takes from its codec — the symmetric code score
/// between two stored nodes while building and repairing, the codec's asymmetric scorer from a query while
/// searching. Its float kernels are never called.
/// </summary>
internal readonly unsafe struct HnswCodeDistance : IHnswDistance
{
    public static bool Coded => true;

    public static float One(float* a, float* b, int stride) =>
        throw new InvalidOperationException("a coded HNSW index has no float rows to compare");

    public static void Four(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result) =>
        throw new InvalidOperationException("a coded HNSW index has no float rows to compare");
}
