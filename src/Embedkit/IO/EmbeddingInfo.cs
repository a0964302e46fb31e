namespace Embedkit.IO;

/// <summary>
/// What <c>embedkit info</c> shows of an embeddings file: its format, count, dimension, provenance and
/// first ids. For <c>.ekv</c> files only the header, ids and provenance are read (not the vectors).
/// </summary>
/// <param name="Format">Format name, e.g. <c>ekv</c>, <c>npy</c>.</param>
/// <param name="Version">Format version, where the format has one.</param>
/// <param name="Count">Number of vectors.</param>
/// <param name="Dimension">Values per vector.</param>
/// <param name="Provenance">How the vectors were made (or <c>imported</c>).</param>
/// <param name="FirstIds">Up to the first five ids.</param>
/// <param name="Verified">Whether every checksum of the file was verified (formats without checksums: false).</param>
public sealed record EmbeddingInfo(string Format, int? Version, long Count, int Dimension, Provenance Provenance, IReadOnlyList<string> FirstIds, bool Verified)
{
    private const int ShownIds = 5;

    /// <summary>
    /// Reads the description of <paramref name="path"/>; the format follows the extension. For <c>.ekv</c>
    /// the data checksum is verified by streaming the data block unless <paramref name="verify"/> is false.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is missing, truncated, corrupted or not in its format.</exception>
    public static EmbeddingInfo Read(string path, bool verify = true)
    {
        var format = EmbeddingFormats.Detect(path);
        if (format == EmbeddingFormat.Ekv)
        {
            var header = verify ? EmbeddingFile.Verify(path) : EmbeddingFile.ReadHeader(path);
            return new EmbeddingInfo("ekv", (int)header.Version, header.Count, header.Dimension, header.Provenance, header.Ids.Take(ShownIds).ToArray(), verify);
        }
        var set = EmbeddingFormats.Read(path);
        string name = format switch
        {
            EmbeddingFormat.Npy => "npy",
            EmbeddingFormat.Word2VecText => "word2vec-text",
            EmbeddingFormat.Word2VecBinary => "word2vec-binary",
            _ => "tsv",
        };
        return new EmbeddingInfo(name, null, set.Count, set.Dimension, set.Provenance, set.Ids.Take(ShownIds).ToArray(), false);
    }
}
