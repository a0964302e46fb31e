namespace Embedkit.Search;

/// <summary>
/// Packing of sign bits, shared by the binary codecs: bit j of a code is bit <c>j mod 8</c> (least significant
/// first) of byte <c>j / 8</c>, set when value j is ≥ 0 (so a zero counts as positive); the bits past the
/// dimension in the last byte are zero. This is numpy's <c>packbits(x &gt;= 0, bitorder="little")</c>.
/// </summary>
internal static class BitCodes
{
    /// <summary>Bytes of one bit plane of <paramref name="dimension"/> bits.</summary>
    public static int Bytes(int dimension) => (dimension + 7) / 8;

    /// <summary>Sets the bits of <paramref name="bits"/> (exactly <see cref="Bytes"/> long) from the signs of <paramref name="values"/>.</summary>
    public static void PackSigns(ReadOnlySpan<float> values, Span<byte> bits)
    {
        bits.Clear();
        for (int j = 0; j < values.Length; j++)
        {
            if (values[j] >= 0) bits[j >> 3] |= (byte)(1 << (j & 7));
        }
    }

    /// <summary>Whether bit j is set.</summary>
    public static bool Bit(ReadOnlySpan<byte> bits, int j) => (bits[j >> 3] & (1 << (j & 7))) != 0;
}
