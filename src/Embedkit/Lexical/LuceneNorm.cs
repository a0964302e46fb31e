using System.Numerics;

namespace Embedkit.Lexical;

/// <summary>
/// Lucene 8+'s one-byte document length (<c>org.apache.lucene.util.SmallFloat.intToByte4</c> / <c>byte4ToInt</c>):
/// lengths 0..23 are stored exactly; larger ones as 24 + a 4-significant-bit float of (length − 24), rounded down.
/// </summary>
internal static class LuceneNorm
{
    /// <summary>Values below this are stored as themselves: 255 − longToInt4(int.MaxValue) = 255 − 231.</summary>
    public const int FreeValues = 24;

    /// <summary>The byte Lucene stores for a field of <paramref name="length"/> tokens.</summary>
    public static byte Encode(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length < FreeValues ? (byte)length : (byte)(FreeValues + LongToInt4(length - FreeValues));
    }

    /// <summary>The length Lucene's BM25 sees for a stored byte.</summary>
    public static int Decode(byte b) => b < FreeValues ? b : checked(FreeValues + (int)Int4ToLong(b - FreeValues));

    /// <summary>The length after the round trip.</summary>
    public static int Round(int length) => Decode(Encode(length));

    private static int LongToInt4(long i)
    {
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)i);
        if (bits < 4) return (int)i; // subnormal: stored as is
        int shift = bits - 4;
        int encoded = (int)(i >>> shift) & 0x07; // the top bit is implicit
        return encoded | ((shift + 1) << 3);
    }

    private static long Int4ToLong(int i)
    {
        long bits = i & 0x07;
        int shift = (i >>> 3) - 1;
        return shift == -1 ? bits : (bits | 0x08) << shift;
    }
}
