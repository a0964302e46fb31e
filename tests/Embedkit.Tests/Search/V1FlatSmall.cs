using Embedkit.Search;

namespace Embedkit.Tests.Search;

/// <summary>
/// The index stored in TestData/search/v1-flat-small.eki (index file version 1, kind Flat, metric l2). The
/// file was written once by <c>VectorIndexFile.Write</c> from a FlatIndex built as <see cref="Build"/> does, and
/// committed; do not regenerate it, it guards backward compatibility.
/// </summary>
public static class V1FlatSmall
{
    public const int Dimension = 3;

    /// <summary>Ids as added, before <see cref="Removed"/> was removed (which moved the last vector into its slot).</summary>
    public static readonly long[] AddedIds = [42, -7, 9_000_000_000L, 0, 5];

    public static readonly float[] AddedVectors =
    [
        0f, 1f, -1f,
        0.1f, -0f, float.Epsilon,
        1e10f, 1f / 3f, -2.5e-20f,
        6.02214076e17f, 123456.79f, 16777216f,
        -1f, -2f, -3f,
    ];

    /// <summary>Removed after adding, so that the stored order (42, 5, 9e9, 0) differs from the added order.</summary>
    public const long Removed = -7;

    /// <summary>Ids in the stored order.</summary>
    public static readonly long[] StoredIds = [42, 5, 9_000_000_000L, 0];

    public static FlatIndex Build()
    {
        var index = new FlatIndex(Dimension, Metric.L2);
        index.Add(AddedIds, AddedVectors);
        index.Remove([Removed]);
        return index;
    }

    /// <summary>The vector added with <paramref name="id"/>.</summary>
    public static float[] VectorOf(long id)
    {
        int row = Array.IndexOf(AddedIds, id);
        return AddedVectors[(row * Dimension)..((row + 1) * Dimension)];
    }
}
