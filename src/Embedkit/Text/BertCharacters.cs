using System.Globalization;
using System.Text;

namespace Embedkit.Text;

/// <summary>
/// The character classes of Hugging Face's BERT BasicTokenizer (<c>_is_control</c>, <c>_is_whitespace</c>,
/// <c>_is_punctuation</c>, <c>_is_chinese_char</c> in transformers' tokenization_bert.py), on code points.
/// </summary>
internal static class BertCharacters
{
    /// <summary>Removed before anything else: NUL, U+FFFD and every category C* except tab, newline and carriage return.</summary>
    public static bool IsRemoved(Rune rune)
    {
        int cp = rune.Value;
        if (cp is '\t' or '\n' or '\r') return false;
        if (cp is 0 or 0xFFFD) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>
    /// Splits words: space, tab, newline, carriage return and category Zs (HF's <c>_is_whitespace</c>), and the
    /// line and paragraph separators (Zl, Zp), on which Python's <c>str.split()</c> and the Rust tokenizer's
    /// <c>char::is_whitespace</c> also split.
    /// </summary>
    public static bool IsWhitespace(Rune rune)
    {
        int cp = rune.Value;
        if (cp is ' ' or '\t' or '\n' or '\r') return true;
        if (cp < 0x80) return false;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator;
    }

    /// <summary>A token of its own: ASCII 33–47, 58–64, 91–96, 123–126 (so <c>$ + ^ `</c> count) or any category P*.</summary>
    public static bool IsPunctuation(Rune rune)
    {
        int cp = rune.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        if (cp < 0x80) return false;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK Unified Ideograph blocks of HF's <c>_is_chinese_char</c> (not Hiragana, Katakana or Hangul).</summary>
    public static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
