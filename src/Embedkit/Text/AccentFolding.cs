using System.Text;

namespace Embedkit.Text;

/// <summary>
/// Accent stripping as Hugging Face's BertTokenizer does it: the canonical decomposition (NFD) of a code
/// point with its nonspacing marks (category Mn) dropped. The table is generated from Python's
/// <c>unicodedata</c> (see AccentFolding.Table.cs) because .NET's normalisation is unavailable in
/// invariant-globalisation mode; Hangul syllables decompose arithmetically (Unicode §3.12).
/// </summary>
internal static partial class AccentFolding
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28;

    /// <summary>Longest folded form of one code point, in UTF-16 units.</summary>
    public const int MaxFoldedLength = 8;

    /// <summary>
    /// Writes the folded form of <paramref name="rune"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxFoldedLength"/> long) and returns its length: 0 for a nonspacing mark, the rune itself
    /// when it has no decomposition.
    /// </summary>
    public static int Fold(Rune rune, Span<char> destination)
    {
        int cp = rune.Value;
        if (cp < 0xC0) return rune.EncodeToUtf16(destination); // ASCII and Latin-1 controls/symbols: no decomposition
        if (Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.NonSpacingMark) return 0;
        if ((uint)(cp - HangulBase) < HangulCount)
        {
            int s = cp - HangulBase;
            destination[0] = (char)(LeadBase + s / (VowelCount * TrailCount));
            destination[1] = (char)(VowelBase + s % (VowelCount * TrailCount) / TrailCount);
            int trail = s % TrailCount;
            if (trail == 0) return 2;
            destination[2] = (char)(TrailBase + trail);
            return 3;
        }
        int index = Keys.BinarySearch(cp);
        if (index < 0) return rune.EncodeToUtf16(destination);
        int start = Offsets[index];
        int length = Offsets[index + 1] - start;
        Folded.AsSpan(start, length).CopyTo(destination);
        return length;
    }
}
