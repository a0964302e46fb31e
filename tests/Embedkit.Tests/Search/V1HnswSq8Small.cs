using Embedkit.Search;

namespace Embedkit.Tests.Search;

/// <summary>
/// The index stored in TestData/search/v1-hnsw-sq8-small.eki (index file version 1, kind "HNSW4,SQ8", metric l2,
/// M = 4, efConstruction = 16, seed 7). The file was written once by <c>VectorIndexFile.Write(path, V1HnswSq8Small.Build())</c>
/// and committed; do not regenerate it, it guards backward compatibility of the coded HNSW kinds.
/// </summary>
public static class V1HnswSq8Small
{
    public const string Kind = "HNSW4,SQ8";

    public const int Dimension = 4;

    public const int Added = 40;

    /// <summary>Removed after adding, so that the stored nodes are renumbered around freed slots.</summary>
    public static readonly long[] Removed = [2005, 2020];

    public static readonly HnswOptions Options = new() { M = 4, EfConstruction = 16, Seed = 7, Threads = 1 };

    /// <summary>Training rows: every dimension spans [0, 255], so the SQ8 step is 1 and a code is the integer value itself.</summary>
    public static readonly float[] Training = [0, 0, 0, 0, 255, 255, 255, 255];

    /// <summary>Id of row i: 2000 + i.</summary>
    public static long IdOf(int row) => 2000 + row;

    /// <summary>Row i: (i mod 7, ⌊i / 7⌋, i² mod 11, 5 − i mod 5), small integers, stored exactly by SQ8 with step 1.</summary>
    public static float[] VectorOf(long id)
    {
        int i = (int)(id - 2000);
        return [i % 7, i / 7, i * i % 11, 5 - i % 5];
    }

    public static HnswIndex Build()
    {
        var index = new HnswIndex(new SQ8Codec(Dimension), Metric.L2, Options);
        index.Train(Training);
        long[] ids = Enumerable.Range(0, Added).Select(IdOf).ToArray();
        index.Add(ids, ids.SelectMany(VectorOf).ToArray());
        index.Remove(Removed);
        return index;
    }
}
