namespace Embedkit.Search;

/// <summary>
/// A codec named in a factory string: <c>F16</c>, <c>SQ8</c>, <c>PQm</c> (<see cref="Parameter"/> = m) or
/// <c>BINb</c> (<see cref="Parameter"/> = b bits per dimension). <see cref="ToString"/> prints the canonical form.
/// </summary>
/// <param name="Kind">Which codec.</param>
/// <param name="Parameter">Sub-quantizers of PQ, bits of BIN; 0 for F16 and SQ8.</param>
public sealed record CodecSpec(CodecKind Kind, int Parameter = 0)
{
    /// <summary>The canonical factory string: <c>F16</c>, <c>SQ8</c>, <c>PQ16</c>, <c>BIN2</c>.</summary>
    public override string ToString() => Kind switch
    {
        CodecKind.F16 => "F16",
        CodecKind.SQ8 => "SQ8",
        CodecKind.PQ => $"PQ{Parameter}",
        CodecKind.Binary => $"BIN{Parameter}",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "not a CodecKind"),
    };

    /// <summary>A new, untrained codec of this kind for vectors of <paramref name="dimension"/> values.</summary>
    /// <exception cref="InvalidInputException">When the codec cannot work at this dimension (PQ's m must divide it).</exception>
    public VectorCodec Create(int dimension) => Create(dimension, centering: true);

    /// <summary>As <see cref="Create(int)"/>, with the binary codecs' centering chosen (index files store it).</summary>
    internal VectorCodec Create(int dimension, bool centering) => Kind switch
    {
        CodecKind.F16 => new F16Codec(dimension),
        CodecKind.SQ8 => new SQ8Codec(dimension),
        CodecKind.PQ => new PQCodec(dimension, Parameter),
        CodecKind.Binary when Parameter == 1 => new BinaryCodec(dimension, centering),
        CodecKind.Binary => new ResidualBinaryCodec(dimension, Parameter, centering),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "not a CodecKind"),
    };
}
