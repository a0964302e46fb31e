namespace Embedkit.Graphs;

/// <summary>
/// Orders label names for stable output: integer-like names (<c>-?[0-9]+</c>) first, by numeric value
/// ("2" &lt; "10"), then all other names ordinally. Ties in value ("7" and "007") fall back to ordinal.
/// </summary>
internal sealed class LabelNameComparer : IComparer<string>
{
    public static readonly LabelNameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        bool xInteger = IsInteger(x), yInteger = IsInteger(y);
        if (xInteger != yInteger) return xInteger ? -1 : 1;
        if (xInteger)
        {
            int byValue = CompareIntegers(x, y);
            if (byValue != 0) return byValue;
        }
        return string.CompareOrdinal(x, y);
    }

    internal static bool IsInteger(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text[0] == '-') text = text[1..];
        return text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
    }

    private static int CompareIntegers(string x, string y)
    {
        ReadOnlySpan<char> xDigits = Magnitude(x, out bool xNegative), yDigits = Magnitude(y, out bool yNegative);
        if (xDigits.IsEmpty && yDigits.IsEmpty) return 0; // both zero, whatever the sign
        if (xNegative != yNegative) return xNegative ? -1 : 1;
        int byMagnitude = xDigits.Length != yDigits.Length
            ? xDigits.Length.CompareTo(yDigits.Length)
            : xDigits.SequenceCompareTo(yDigits);
        return xNegative ? -byMagnitude : byMagnitude;
    }

    /// <summary>The digits without sign and leading zeros (empty for zero).</summary>
    private static ReadOnlySpan<char> Magnitude(string text, out bool negative)
    {
        ReadOnlySpan<char> span = text;
        negative = span[0] == '-';
        if (negative) span = span[1..];
        span = span.TrimStart('0');
        if (span.IsEmpty) negative = false;
        return span;
    }
}
