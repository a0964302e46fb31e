namespace Embedkit;

/// <summary>
/// Where an embedding set came from: the encoder, its parameters, the seed and the source file.
/// Stored in every embedding file so that a result can be reproduced.
/// </summary>
/// <param name="Method">Encoder name, for example <c>fastrp</c>.</param>
/// <param name="Parameters">Encoder parameters as name → value text, in a stable order.</param>
/// <param name="Seed">The seed that drove every random choice, if any.</param>
/// <param name="Source">The input file (as given by the user), if any.</param>
public sealed record Provenance(
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    ulong? Seed = null,
    string? Source = null)
{
    /// <summary>Provenance for vectors whose origin is unknown (imported from another tool).</summary>
    public static Provenance Imported(string? source) => new("imported", [], null, source);

    /// <summary>Looks up a parameter by name.</summary>
    public string? this[string name] =>
        Parameters.FirstOrDefault(p => p.Key == name) is { Key: not null } kv ? kv.Value : null;
}
