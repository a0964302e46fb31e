namespace Embedkit.Text;

/// <summary>Whether a text is a search query or a stored document: models such as arctic-embed prefix queries.</summary>
public enum TextRole
{
    /// <summary>A document (passage) that is stored and searched.</summary>
    Document,

    /// <summary>A search query.</summary>
    Query,
}

/// <summary>
/// Turns texts into dense vectors: the contract every text model (a local ONNX transformer, a hashing encoder)
/// implements, and what retrieval, STS evaluation and the CLI consume. Implementations are thread-safe.
/// </summary>
public interface ITextEncoder
{
    /// <summary>Length of every vector this encoder writes.</summary>
    int Dimension { get; }

    /// <summary>
    /// Encodes <paramref name="texts"/> as <paramref name="role"/> into <paramref name="destination"/>, row
    /// <c>i</c> (<see cref="Dimension"/> floats) for text <c>i</c>. An empty list writes nothing; an empty text
    /// gets a defined vector (never NaN).
    /// </summary>
    /// <returns>How many of the texts were truncated to the model's window.</returns>
    /// <exception cref="ArgumentException">When <paramref name="destination"/> is not <c>texts.Count × Dimension</c> long.</exception>
    int Encode(IReadOnlyList<string> texts, TextRole role, Span<float> destination, CancellationToken cancellationToken = default);
}
