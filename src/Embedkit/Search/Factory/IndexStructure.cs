namespace Embedkit.Search;

/// <summary>How an index organises its vectors: the first component of a factory string.</summary>
public enum IndexStructure
{
    /// <summary>Every stored vector or code is scanned (<c>Flat</c>, or a codec alone such as <c>SQ8</c>).</summary>
    Flat,

    /// <summary>A hierarchical navigable small-world graph (<c>HNSW32</c>: M = 32 links per node).</summary>
    Hnsw,

    /// <summary>An inverted file of k-means cells (<c>IVF1024</c>: 1024 cells), probed nearest first.</summary>
    Ivf,
}
