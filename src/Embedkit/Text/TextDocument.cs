namespace Embedkit.Text;

/// <summary>One document of a <see cref="TextCorpus"/>: its id, its text and the 1-based line it came from.</summary>
public readonly record struct TextDocument(string Id, string Text, long Line);
