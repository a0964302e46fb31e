namespace Embedkit.Text;

/// <summary>Receives one encoded block of a corpus: its documents and their rows (documents.Count × dimension floats).</summary>
public delegate void TextBlockSink(IReadOnlyList<TextDocument> documents, ReadOnlySpan<float> rows);
