namespace Embedkit.Text;

/// <summary>
/// Encodes a stream of documents block by block with any <see cref="ITextEncoder"/>, so memory stays bounded
/// by one block (its texts and rows) whatever the corpus size; each block's rows go to a sink (a file writer).
/// </summary>
public static class TextCorpusEncoder
{
    /// <summary>Documents per block unless told otherwise: large enough for the encoder to sort by length and batch well.</summary>
    public const int DefaultBlockSize = 1024;

    /// <summary>
    /// Encodes <paramref name="documents"/> as documents, handing each block to <paramref name="sink"/>, and reports
    /// progress in documents (of <paramref name="total"/> when known, else of those read so far).
    /// </summary>
    /// <returns>Documents encoded and how many of them were truncated to the model's window.</returns>
    public static (long Documents, long Truncated) Encode(ITextEncoder encoder, IEnumerable<TextDocument> documents, TextBlockSink sink,
        int blockSize = DefaultBlockSize, IProgress<ProgressReport>? progress = null, long total = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var block = new List<TextDocument>(blockSize);
        var texts = new List<string>(blockSize);
        var rows = new float[(long)blockSize * encoder.Dimension];
        long done = 0, truncated = 0;
        void Flush()
        {
            if (block.Count == 0) return;
            var span = rows.AsSpan(0, block.Count * encoder.Dimension);
            truncated += encoder.Encode(texts, TextRole.Document, span, cancellationToken);
            sink(block, span);
            done += block.Count;
            progress?.Report(new ProgressReport("encode", done, Math.Max(total, done)));
            block.Clear();
            texts.Clear();
        }
        foreach (var document in documents)
        {
            block.Add(document);
            texts.Add(document.Text);
            if (block.Count == blockSize) Flush();
        }
        Flush();
        return (done, truncated);
    }
}
