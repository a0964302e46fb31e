namespace Embedkit.Search;

/// <summary>What an index file says about itself, read by <see cref="VectorIndexFile.ReadHeader"/> without reading the payload.</summary>
/// <param name="Version">Format version (1).</param>
/// <param name="Kind">The index kind, as a factory string (<c>Flat</c>).</param>
/// <param name="Metric">The index's metric.</param>
/// <param name="Dimension">Values per vector.</param>
/// <param name="Count">Number of vectors.</param>
/// <param name="PayloadLength">Bytes after the 128-byte header.</param>
/// <param name="PayloadChecksum">XxHash3-64 (seed 0) of the payload as stored.</param>
/// <param name="FileLength">Length of the file in bytes.</param>
public sealed record VectorIndexFileHeader(
    uint Version,
    string Kind,
    Metric Metric,
    int Dimension,
    long Count,
    long PayloadLength,
    ulong PayloadChecksum,
    long FileLength);
