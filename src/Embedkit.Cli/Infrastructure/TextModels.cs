using Embedkit.Onnx;
using Embedkit.Text;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// Turns the CLI's text-model options into an encoder, for every command that embeds text (<c>embed text</c>,
/// <c>search --text</c>, and the retrieval/STS evaluators): <c>--model minilm|arctic-xs|PATH</c> and an optional
/// <c>--pooling mean|cls|last|max</c>. The provenance that <c>embed text</c> writes names the same values, so
/// <see cref="FromProvenance"/> reopens the encoder that made a set of vectors.
/// </summary>
public static class TextModels
{
    /// <summary>The provenance method of vectors written by <c>embed text</c>.</summary>
    public const string ProvenanceMethod = "text";

    /// <summary>
    /// Opens <paramref name="model"/> (<c>minilm</c>, <c>arctic-xs</c>, or a folder with model.onnx, vocab.txt and
    /// optionally embedkit-model.json) with <paramref name="pooling"/> instead of the model's own when given.
    /// The caller disposes the encoder (it holds an ONNX Runtime session).
    /// </summary>
    /// <exception cref="InvalidInputException">An unknown model or pooling, a folder without its files, or an unusable ONNX model.</exception>
    public static OnnxTextEncoder Open(string model, string? pooling = null, TextEncoderOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(model))
            throw new InvalidInputException($"option --model: expected {TextModel.MiniLM}, {TextModel.ArcticXs} or a model folder, found an empty value", field: "--model");
        options ??= new TextEncoderOptions();
        if (pooling is not null)
        {
            if (!Pooling.TryParse(pooling, out var mode))
                throw new InvalidInputException($"option --pooling: expected mean, cls, last or max, found '{pooling}'", field: "--pooling");
            options = options with { Pooling = mode };
        }
        return OnnxTextEncoder.Open(model, options);
    }

    /// <summary>Provenance parameters for vectors from <paramref name="encoder"/> (model, pooling, normalisation, prefixes, window).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(OnnxTextEncoder encoder) => encoder.Describe();

    /// <summary>
    /// Reopens the encoder recorded in <paramref name="provenance"/> (written by <c>embed text</c>), so queries are
    /// encoded as the documents were. <paramref name="source"/> names the file in errors.
    /// </summary>
    /// <exception cref="InvalidInputException">The provenance is not from <c>embed text</c>, or its model cannot be opened.</exception>
    public static OnnxTextEncoder FromProvenance(Provenance provenance, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        if (provenance.Method != ProvenanceMethod || provenance["model"] is not { Length: > 0 } model)
            throw new InvalidInputException($"expected vectors written by 'embed text' (provenance method '{ProvenanceMethod}' with a model), found method '{provenance.Method}'", source, field: "provenance");
        bool? normalize = provenance["normalize"] switch { "true" => true, "false" => false, _ => null };
        int? overlap = int.TryParse(provenance["chunk_overlap"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int o) ? o : null;
        return Open(model, provenance["pooling"], new TextEncoderOptions { Normalize = normalize, ChunkOverlap = overlap });
    }
}
