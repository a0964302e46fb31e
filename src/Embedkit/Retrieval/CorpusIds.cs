namespace Embedkit.Retrieval;

/// <summary>The checks every retriever makes on the document ids it is built from.</summary>
internal static class CorpusIds
{
    /// <summary>Throws <see cref="InvalidInputException"/> unless there is at least one id and every id is non-empty and unique.</summary>
    public static void Require(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) ThrowHelper.InvalidInput("the corpus has no documents; expected at least one", field: nameof(ids));
        var seen = new HashSet<string>(ids.Count, StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i])) ThrowHelper.InvalidInput($"document {i + 1} has an empty id; expected a non-empty id", field: nameof(ids));
            if (!seen.Add(ids[i])) ThrowHelper.InvalidInput($"document id '{ids[i]}' repeats (document {i + 1}); expected unique ids", field: nameof(ids));
        }
    }
}
