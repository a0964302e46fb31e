using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

/// <summary>
/// The index stored in TestData/search/v1-sq8-refine-small.eki (index file version 1, kind
/// "SQ8,Refine(Flat)", metric l2). The file was written once by <c>VectorIndexFile.Write</c> from the index
/// <see cref="Build"/> makes, and committed; do not regenerate it, it guards backward compatibility.
/// </summary>
public static class V1CodecSmall
{
    public const string Kind = "SQ8,Refine(Flat)";

    public const int Dimension = 3;

    /// <summary>Training rows: the per-dimension ranges are [−1, 1], [0, 255] and [10, 520] (steps 2/255, 1 and 2).</summary>
    public static readonly float[] Training = [-1, 0, 10, 1, 255, 520];

    public static readonly long[] AddedIds = [7, -3, 9_000_000_000L, 0];

    public static readonly float[] AddedVectors =
    [
        -1f, 0f, 10f,
        1f, 255f, 520f,
        0.5f, 100.4f, 265f,
        0f, 3f, 12f,
    ];

    /// <summary>Removed after adding, so that the stored order (7, 0, 9e9) differs from the added order.</summary>
    public const long Removed = -3;

    /// <summary>Ids in the stored order.</summary>
    public static readonly long[] StoredIds = [7, 0, 9_000_000_000L];

    /// <summary>The SQ8 codes of the stored vectors, worked out by hand: levels round((x − min)/step).</summary>
    public static readonly byte[][] StoredCodes =
    [
        [0, 0, 0],          // (−1, 0, 10): each at its minimum
        [127, 3, 1],        // (0, 3, 12): 1/step with the float32 step 2/255 = 0.0078431377… is 127.4999… → 127; 3; (12 − 10)/2 = 1
        [191, 100, 128],    // (0.5, 100.4, 265): 1.5/step = 191.2499… → 191; 100.4 → 100; (265 − 10)/2 = 127.5 → 128 (half to even)
    ];

    public static RefineIndex Build()
    {
        var index = (RefineIndex)IndexFactory.Create(Kind, Dimension, Metric.L2);
        index.GetService<ITrainableIndex>()!.Train(Training);
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
