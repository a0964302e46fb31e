using Embedkit.Search;

namespace Embedkit.Tests.Search.Ivf;

/// <summary>
/// The index stored in TestData/search/v1-ivf2-sq8-small.eki (index file version 1, kind IVF2,SQ8, metric l2,
/// residual codes). The file was written once by <c>VectorIndexFile.Write</c> from <see cref="Build"/> and committed;
/// do not regenerate it, it guards backward compatibility of the IVF kinds.
/// </summary>
public static class V1IvfSmall
{
    public const int Dimension = 4;

    /// <summary>Two groups of five, around (0, 0, 0, 0) and (10, 10, 10, 10), so that k-means puts each group in a list.</summary>
    public static readonly float[] AddedVectors =
    [
        0f, 0f, 0f, 0f,
        1f, 0f, 0f, 0f,
        0f, 1f, 0f, 0f,
        0f, 0f, 1f, 0f,
        0f, 0f, 0f, 1f,
        10f, 10f, 10f, 10f,
        11f, 10f, 10f, 10f,
        10f, 11f, 10f, 10f,
        10f, 10f, 11f, 10f,
        10f, 10f, 10f, 11f,
    ];

    public static readonly long[] AddedIds = [100, 101, 102, 103, 104, 200, 201, 202, 203, 204];

    /// <summary>Removed after adding, so that a list's storage order differs from the added order.</summary>
    public const long Removed = 201;

    public static IVectorIndex Build()
    {
        var index = new IvfIndex(Dimension, Metric.L2, new IvfOptions { Lists = 2, Training = new TrainingOptions { Threads = 1 } }, new SQ8Codec(Dimension));
        index.Add(AddedIds, AddedVectors);
        index.Remove([Removed]);
        return index;
    }
}
