namespace Embedkit.Search;

/// <summary>
/// The distance an <see cref="HnswIndex"/> navigates by, lower is better, as a type parameter so that the
/// search loops are compiled once per metric with the kernel inlined (no branch or indirect call per vector).
/// </summary>
internal unsafe interface IHnswDistance
{
    /// <summary>
    /// True for <see cref="HnswCodeDistance"/>: the index stores codec codes, and distances come from the codec
    /// (a constant per type, so the JIT drops the branch not taken from each compiled loop).
    /// </summary>
    static abstract bool Coded { get; }

    /// <summary>The distance of two padded rows of <paramref name="stride"/> floats.</summary>
    static abstract float One(float* a, float* b, int stride);

    /// <summary>The distances of one query to four rows, into <c>result[0..4)</c>.</summary>
    static abstract void Four(float* q, float* x0, float* x1, float* x2, float* x3, int stride, float* result);
}
