using Embedkit.Search;

namespace Embedkit.Tests.Search;

/// <summary>
/// The index stored in TestData/search/v1-hnsw-small.eki (index file version 1, kind HNSW, metric l2, M = 4,
/// efConstruction = 16, seed 7). The file was written once by <c>VectorIndexFile.Write(path, V1HnswSmall.Build())</c>
/// and committed; do not regenerate it, it guards backward compatibility.
/// </summary>
public static class V1HnswSmall
{
    public const int Dimension = 4;

    public const int Added = 40;

    /// <summary>Removed after adding, so that the stored nodes are renumbered around freed slots.</summary>
    public static readonly long[] Removed = [1005, 1020];

    public static readonly HnswOptions Options = new() { M = 4, EfConstruction = 16, Seed = 7, Threads = 1 };

    /// <summary>Id of row i: 1000 + i.</summary>
    public static long IdOf(int row) => 1000 + row;

    /// <summary>Row i: (i mod 7, ⌊i / 7⌋, i² mod 11, −(i mod 5)), small integers so that every distance is exact.</summary>
    public static float[] VectorOf(long id)
    {
        int i = (int)(id - 1000);
        return [i % 7, i / 7, i * i % 11, -(i % 5)];
    }

    public static HnswIndex Build()
    {
        var index = new HnswIndex(Dimension, Metric.L2, Options);
        long[] ids = Enumerable.Range(0, Added).Select(IdOf).ToArray();
        index.Add(ids, ids.SelectMany(VectorOf).ToArray());
        index.Remove(Removed);
        return index;
    }
}
