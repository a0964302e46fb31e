namespace Embedkit.IO;

/// <summary>Short, printable excerpts of input for error messages.</summary>
internal static class Excerpt
{
    /// <summary>The first <paramref name="max"/> characters of <paramref name="text"/>, with "…" when cut.</summary>
    public static string Of(ReadOnlySpan<char> text, int max = 40) =>
        text.Length <= max ? text.ToString() : string.Concat(text[..max], "…");
}
