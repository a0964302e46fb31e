using System.Text.Json;
using Embedkit.IO;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The text model of an index built over <c>embed text</c> vectors: <c>x.eki</c> → <c>x.eki.text-model.json</c>,
/// the embeddings' provenance (model, pooling, normalisation, prefixes), so <c>search --text</c> encodes a query
/// with the same model. <c>index build</c> writes it for text vectors and removes a stale one otherwise.
/// </summary>
internal static class IndexTextModelFile
{
    /// <summary>The sidecar path of <paramref name="indexPath"/>.</summary>
    public static string PathOf(string indexPath) => indexPath + ".text-model.json";

    /// <summary>Writes the sidecar when <paramref name="provenance"/> is from <c>embed text</c>, and deletes a stale one otherwise.</summary>
    public static void Write(string indexPath, Provenance provenance)
    {
        string path = PathOf(indexPath);
        if (provenance.Method != TextModels.ProvenanceMethod)
        {
            if (File.Exists(path)) File.Delete(path);
            return;
        }
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("method", provenance.Method);
            foreach (var (name, value) in provenance.Parameters) json.WriteString(name, value);
            json.WriteEndObject();
        });
    }

    /// <summary>The provenance of the text vectors <paramref name="indexPath"/> was built from.</summary>
    /// <exception cref="InvalidInputException">When the index was not built from <c>embed text</c> vectors, or the sidecar is damaged.</exception>
    public static Provenance Read(string indexPath)
    {
        string path = PathOf(indexPath);
        if (!File.Exists(path))
            throw new InvalidInputException($"--text: the index was not built from text embeddings (no {Path.GetFileName(path)} beside it); " +
                "build it with 'index build' over the output of 'embed text', or search with --queries, --id or --vector", indexPath, field: "--text");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var parameters = new List<KeyValuePair<string, string>>();
            string method = "";
            foreach (var property in document.RootElement.EnumerateObject())
            {
                string value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                if (property.Name == "method") method = value;
                else parameters.Add(new(property.Name, value));
            }
            return new Provenance(method, parameters);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidInputException($"the text-model file does not parse ({e.Message}); rebuild the index", path, field: "--text");
        }
    }
}
