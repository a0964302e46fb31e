namespace Embedkit.Evaluation;

/// <summary>A document of a BEIR corpus.</summary>
/// <param name="Id">Its <c>_id</c>.</param>
/// <param name="Title">Its <c>title</c> ("" when absent).</param>
/// <param name="Text">Its <c>text</c>.</param>
public sealed record BeirDocument(string Id, string Title, string Text)
{
    /// <summary>What BEIR indexes and encodes: <c>title + " " + text</c>, or the text alone when there is no title.</summary>
    public string Contents => Title.Length == 0 ? Text : Title + " " + Text;
}
