namespace Embedkit.Graphs;

/// <summary>
/// Splits a data line into fields. A line that contains a TAB is split on TAB only (so ids may contain
/// spaces); else a line that contains a comma is split on commas; else it is split on runs of spaces.
/// In TAB and comma mode the spaces around each field are trimmed.
/// </summary>
internal static class FieldSplitter
{
    /// <summary>True for a blank line or a comment (<c>#</c> or <c>%</c> after optional leading whitespace).</summary>
    public static bool IsSkippable(ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> trimmed = line.TrimStart(" \t");
        return trimmed.IsEmpty || trimmed[0] == '#' || trimmed[0] == '%';
    }

    /// <summary>The separator the rule above picks for <paramref name="line"/>.</summary>
    public static char SeparatorOf(ReadOnlySpan<char> line) =>
        line.Contains('\t') ? '\t' : line.Contains(',') ? ',' : ' ';

    /// <summary>
    /// Stores the first <c>fields.Length</c> field ranges of <paramref name="line"/> in
    /// <paramref name="fields"/> and returns how many fields the line has in all.
    /// </summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> fields)
    {
        char separator = SeparatorOf(line);
        int count = 0;
        if (separator == ' ')
        {
            int i = 0;
            while (true)
            {
                while (i < line.Length && line[i] == ' ') i++;
                if (i == line.Length) break;
                int start = i;
                while (i < line.Length && line[i] != ' ') i++;
                if (count < fields.Length) fields[count] = start..i;
                count++;
            }
            return count;
        }

        int fieldStart = 0;
        while (true)
        {
            int relative = line[fieldStart..].IndexOf(separator);
            int fieldEnd = relative < 0 ? line.Length : fieldStart + relative;
            int a = fieldStart, b = fieldEnd;
            while (a < b && line[a] == ' ') a++;
            while (b > a && line[b - 1] == ' ') b--;
            if (count < fields.Length) fields[count] = a..b;
            count++;
            if (relative < 0) return count;
            fieldStart = fieldEnd + 1;
        }
    }

    /// <summary>Shortens <paramref name="text"/> for an error message.</summary>
    public static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= 60 ? $"'{text}'" : $"'{text[..57]}...'";
}
