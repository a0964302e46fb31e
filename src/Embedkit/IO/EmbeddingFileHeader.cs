namespace Embedkit.IO;

/// <summary>
/// What an <c>.ekv</c> file says about itself, read by <see cref="EmbeddingFile.ReadHeader(string)"/> without
/// touching the data block (this is what <c>embedkit info</c> shows).
/// </summary>
/// <param name="Version">Format version (1).</param>
/// <param name="Flags">Format flags (0 in version 1).</param>
/// <param name="Count">Number of rows.</param>
/// <param name="Dimension">Values per row.</param>
/// <param name="DataType">Element type of the data block.</param>
/// <param name="DataOffset">Byte offset of the data block (a multiple of 64).</param>
/// <param name="DataLength">Byte length of the data block: count × dimension × element size.</param>
/// <param name="DataChecksum">XxHash3-64 (seed 0) of the data block as stored.</param>
/// <param name="FileLength">Length of the file in bytes.</param>
/// <param name="Provenance">How the set was made.</param>
/// <param name="CreatedUtc">When the file was written, if recorded.</param>
/// <param name="Ids">Row ids, in row order.</param>
public sealed record EmbeddingFileHeader(
    uint Version,
    uint Flags,
    long Count,
    int Dimension,
    EmbeddingDataType DataType,
    long DataOffset,
    long DataLength,
    ulong DataChecksum,
    long FileLength,
    Provenance Provenance,
    DateTimeOffset? CreatedUtc,
    IReadOnlyList<string> Ids);
