namespace Embedkit.Search;

/// <summary>
/// One worker's buffers for <see cref="FlatIndex.Search"/>, allocated once per worker per call and reused
/// for every block of queries it takes: the block's queries (normalised under cosine, zero-padded to the
/// row stride and to whole tiles), one tile of dot products, the candidate heaps and the re-scoring buffers.
/// </summary>
internal sealed class FlatSearchScratch
{
    public FlatSearchScratch(int blockQueries, int stride, int candidates, long[] idOf)
    {
        Queries = new AlignedFloats(blockQueries * stride);
        Tile = new float[DotKernels.TileQueries * DotKernels.TileRows];
        Heaps = new TopKHeaps(blockQueries, candidates, idOf);
        Thresholds = new float[blockQueries];
        Slots = new int[candidates];
        Keys = new float[candidates];
        Ranked = new (double, long)[candidates];
    }

    /// <summary>The block's queries, one padded row each, as the kernel reads them.</summary>
    public AlignedFloats Queries { get; }

    /// <summary>6 × 4 dot products of the current tile.</summary>
    public float[] Tile { get; }

    /// <summary>The best candidates of each query of the block so far, by the fast scan's key.</summary>
    public TopKHeaps Heaps { get; }

    /// <summary>Each query's current threshold (<see cref="TopKHeaps.Threshold"/>), kept here so that the scan reads one float.</summary>
    public float[] Thresholds { get; }

    /// <summary>One query's candidates (slots), drained from its heap.</summary>
    public int[] Slots { get; }

    /// <summary>Their keys from the fast scan.</summary>
    public float[] Keys { get; }

    /// <summary>Their exact scores (oriented so that lower is better) and ids, for the final ranking.</summary>
    public (double Score, long Id)[] Ranked { get; }
}
