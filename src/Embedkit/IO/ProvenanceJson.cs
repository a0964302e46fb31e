using System.Globalization;
using System.Text.Json;

namespace Embedkit.IO;

/// <summary>
/// The provenance block of an <c>.ekv</c> file: UTF-8 JSON
/// <c>{"method":…, "parameters":[{"name":…,"value":…},…], "seed":42|null, "source":…|null, "created_utc":"…Z"}</c>.
/// Parameters are an array so that their order (and any repeated name) survives.
/// </summary>
internal static class ProvenanceJson
{
    public static byte[] Serialize(Provenance provenance, DateTimeOffset createdUtc)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("method", provenance.Method);
            json.WriteStartArray("parameters");
            foreach (var (name, value) in provenance.Parameters)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("value", value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (provenance.Seed is { } seed) json.WriteNumber("seed", seed);
            else json.WriteNull("seed");
            if (provenance.Source is { } source) json.WriteString("source", source);
            else json.WriteNull("source");
            json.WriteString("created_utc", createdUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static (Provenance Provenance, DateTimeOffset? CreatedUtc) Deserialize(ReadOnlySpan<byte> utf8, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray());
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) Fail($"expected a JSON object, found {root.ValueKind}", path);
            string method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()!
                : Fail<string>("expected a string 'method'", path);
            var parameters = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("parameters", out var ps))
            {
                if (ps.ValueKind != JsonValueKind.Array) Fail($"expected 'parameters' to be an array, found {ps.ValueKind}", path);
                foreach (JsonElement p in ps.EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Object
                        || !p.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
                        || !p.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String)
                        Fail("expected each parameter as {\"name\": string, \"value\": string}", path);
                    else
                        parameters.Add(new(n.GetString()!, v.GetString()!));
                }
            }
            ulong? seed = null;
            if (root.TryGetProperty("seed", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Number || !s.TryGetUInt64(out ulong sv))
                    Fail($"expected 'seed' to be an unsigned 64-bit integer or null, found {s.GetRawText()}", path);
                else seed = sv;
            }
            string? source = root.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String ? src.GetString() : null;
            DateTimeOffset? created = null;
            if (root.TryGetProperty("created_utc", out var c) && c.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
                created = when;
            return (new Provenance(method, parameters, seed, source), created);
        }
        catch (JsonException e)
        {
            return Fail<(Provenance, DateTimeOffset?)>($"expected valid JSON, found: {e.Message}", path);
        }
    }

    private static void Fail(string message, string path) => Fail<int>(message, path);

    private static T Fail<T>(string message, string path) =>
        ThrowHelper.InvalidInput<T>($"provenance block: {message}", path, field: "provenance");
}
