namespace Embedkit.Search;

/// <summary>
/// Compresses vectors of one <see cref="Dimension"/> into codes of <see cref="CodeSize"/> bytes and back,
/// and compares queries with codes without decoding them: FAISS's quantizers (<c>faiss/impl/Quantizer.h</c>:
/// train, encode, decode, with distance computers). A codec works without any index (compressing a file
/// is a job of its own); <see cref="CodecFlatIndex"/> scans codes with one.
/// </summary>
/// <remarks>
/// Codecs (factory strings in brackets): <see cref="F16Codec"/> (<c>F16</c>), <see cref="SQ8Codec"/>
/// (<c>SQ8</c>), <see cref="PQCodec"/> (<c>PQ16</c>), <see cref="BinaryCodec"/> (<c>BIN1</c>) and
/// <see cref="ResidualBinaryCodec"/> (<c>BIN2</c>, <c>BIN4</c>); <c>ToString()</c> gives the factory string.
/// A codec must be trained once (<see cref="Train"/>) before it encodes, decodes or scores; codecs without
/// anything to learn (F16) are trained from the start. Training is one-way: a trained codec refuses to train
/// again, since codes made before would no longer decode. Codecs are not metric-aware when encoding: to
/// compare by cosine, encode unit vectors (as indexes do). Encode, Decode and the symmetric score are safe to
/// call concurrently once trained; each <see cref="ICodeScorer"/> serves one thread.
/// </remarks>
public interface IVectorCodec
{
    /// <summary>Float32 values per vector.</summary>
    int Dimension { get; }

    /// <summary>Bytes per code.</summary>
    int CodeSize { get; }

    /// <summary>Whether the codec has learned what it needs (ranges, centroids, a centre) and may encode.</summary>
    bool IsTrained { get; }

    /// <summary>
    /// Learns the codec's parameters from <c>vectors.Length / Dimension</c> representative vectors (row-major).
    /// For a codec with nothing to learn (F16; BIN2/BIN4 without centering) it only checks the shape.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// When the codec is already trained, the vectors are not whole rows of <see cref="Dimension"/>, a value is
    /// NaN or infinite, or there are fewer vectors than the codec needs (the message says how many).
    /// </exception>
    void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null);

    /// <summary>Encodes <c>n = vectors.Length / Dimension</c> vectors into <c>n × CodeSize</c> bytes of <paramref name="codes"/> (caller-owned).</summary>
    /// <exception cref="InvalidInputException">When the codec is not trained, or a value is NaN, infinite or (F16) out of range.</exception>
    /// <exception cref="ArgumentException">When the lengths do not match.</exception>
    void Encode(ReadOnlySpan<float> vectors, Span<byte> codes);

    /// <summary>Decodes <c>n = codes.Length / CodeSize</c> codes into <c>n × Dimension</c> floats of <paramref name="vectors"/> (caller-owned).</summary>
    /// <exception cref="InvalidInputException">When the codec is not trained.</exception>
    /// <exception cref="ArgumentException">When the lengths do not match.</exception>
    void Decode(ReadOnlySpan<byte> codes, Span<float> vectors);

    /// <summary>
    /// A scorer of codes against queries under <paramref name="metric"/>: asymmetric (the float query against
    /// the decoded codes) or symmetric (the query encoded first).
    /// </summary>
    /// <exception cref="InvalidInputException">When the codec is not trained or the metric is unknown.</exception>
    ICodeScorer CreateScorer(Metric metric, CodeScoring scoring = CodeScoring.Asymmetric);

    /// <summary>
    /// The symmetric score of two codes under <paramref name="metric"/>: the metric between the two decoded
    /// vectors, computed from the codes (for binary codecs from popcounts; see each codec for what it
    /// computes exactly). Under cosine, the inner product of the decoded vectors.
    /// </summary>
    /// <exception cref="InvalidInputException">When the codec is not trained or the metric is unknown.</exception>
    /// <exception cref="ArgumentException">When a code is not <see cref="CodeSize"/> bytes.</exception>
    float SymmetricScore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric);
}
