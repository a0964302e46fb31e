using System.Text.Json;

namespace Embedkit.Text;

/// <summary>
/// What a text model needs besides its weights and vocabulary: pooling, window, prefixes, normalisation.
/// A model folder carries it as <see cref="FileName"/>; every key is optional:
/// <code>
/// { "name": "my-model", "pooling": "mean", "max_tokens": 512, "normalize": true, "lowercase": true,
///   "query_prefix": "", "document_prefix": "" }
/// </code>
/// </summary>
public sealed record TextModelConfig
{
    /// <summary>Name of the config file in a model folder.</summary>
    public const string FileName = "embedkit-model.json";

    /// <summary>Model name recorded in provenance.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>How token vectors become a text vector.</summary>
    public PoolingMode Pooling { get; init; } = PoolingMode.Mean;

    /// <summary>The model's window in tokens, [CLS] and [SEP] included; longer texts are truncated (or chunked).</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Whether text vectors are scaled to unit length.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Whether the tokenizer lower-cases and strips accents (uncased BERT vocabularies).</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Text put before every query (arctic-embed: "Represent this sentence for searching relevant passages: ").</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>Text put before every document.</summary>
    public string DocumentPrefix { get; init; } = "";

    /// <summary>The prefix for <paramref name="role"/>.</summary>
    public string Prefix(TextRole role) => role == TextRole.Query ? QueryPrefix : DocumentPrefix;

    /// <summary>Checks the values; <paramref name="file"/> names the config in errors.</summary>
    /// <exception cref="InvalidInputException">When <see cref="MaxTokens"/> is under 3 or the name is empty.</exception>
    public void Validate(string? file = null)
    {
        if (MaxTokens < 3 || MaxTokens > 1 << 16)
            ThrowHelper.InvalidInput($"max_tokens: expected an integer from 3 to 65536, found {MaxTokens}", file, field: "max_tokens");
        if (string.IsNullOrWhiteSpace(Name)) ThrowHelper.InvalidInput("name: expected a non-empty model name", file, field: "name");
    }

    /// <summary>Reads a config file (see the class summary for the format).</summary>
    /// <exception cref="InvalidInputException">The file does not parse, has an unknown key, or a value of the wrong type.</exception>
    public static TextModelConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return ThrowHelper.InvalidInput<TextModelConfig>($"not valid JSON: {e.Message}", path, e.LineNumber + 1);
        }
        catch (IOException e)
        {
            return ThrowHelper.InvalidInput<TextModelConfig>($"cannot read the model config: {e.Message}", path);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                ThrowHelper.InvalidInput($"expected a JSON object, found {document.RootElement.ValueKind}", path);
            var config = new TextModelConfig();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                config = property.Name switch
                {
                    "name" => config with { Name = String(value, property.Name, path) },
                    "pooling" => config with { Pooling = Text.Pooling.TryParse(String(value, property.Name, path), out var mode) ? mode
                        : ThrowHelper.InvalidInput<PoolingMode>($"pooling: expected mean, cls, last or max, found '{value}'", path, field: "pooling") },
                    "max_tokens" => config with { MaxTokens = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n
                        : ThrowHelper.InvalidInput<int>($"max_tokens: expected an integer, found {value.GetRawText()}", path, field: "max_tokens") },
                    "normalize" => config with { Normalize = Bool(value, property.Name, path) },
                    "lowercase" => config with { LowerCase = Bool(value, property.Name, path) },
                    "query_prefix" => config with { QueryPrefix = String(value, property.Name, path) },
                    "document_prefix" => config with { DocumentPrefix = String(value, property.Name, path) },
                    var other => ThrowHelper.InvalidInput<TextModelConfig>(
                        $"unknown key '{other}' (expected name, pooling, max_tokens, normalize, lowercase, query_prefix, document_prefix)", path, field: other),
                };
            }
            config.Validate(path);
            return config;
        }
    }

    private static string String(JsonElement value, string key, string path) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!
        : ThrowHelper.InvalidInput<string>($"{key}: expected a string, found {value.GetRawText()}", path, field: key);

    private static bool Bool(JsonElement value, string key, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => ThrowHelper.InvalidInput<bool>($"{key}: expected true or false, found {value.GetRawText()}", path, field: key),
    };
}
