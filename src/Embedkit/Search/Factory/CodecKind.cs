namespace Embedkit.Search;

/// <summary>The codecs a factory string can name.</summary>
public enum CodecKind
{
    /// <summary><c>F16</c>: half precision, <see cref="F16Codec"/>.</summary>
    F16,

    /// <summary><c>SQ8</c>: 8-bit scalar quantization, <see cref="SQ8Codec"/>.</summary>
    SQ8,

    /// <summary><c>PQm</c>: product quantization with m sub-quantizers of 8 bits, <see cref="PQCodec"/>.</summary>
    PQ,

    /// <summary><c>BINb</c>: b bits per dimension; <c>BIN1</c> is <see cref="BinaryCodec"/>, <c>BIN2</c>..<c>BIN8</c> <see cref="ResidualBinaryCodec"/>.</summary>
    Binary,
}
