namespace Embedkit.Evaluation;

/// <summary>A query of a BEIR dataset.</summary>
/// <param name="Id">Its <c>_id</c>.</param>
/// <param name="Text">Its <c>text</c>.</param>
public sealed record BeirQuery(string Id, string Text);
