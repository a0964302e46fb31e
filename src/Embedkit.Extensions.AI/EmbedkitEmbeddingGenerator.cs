using Embedkit.Text;
using Microsoft.Extensions.AI;

namespace Embedkit.Extensions.AI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over an Embedkit <see cref="ITextEncoder"/> (a local
/// ONNX model such as all-MiniLM-L6-v2): what Microsoft.Extensions.AI consumers and Semantic Kernel call to embed
/// text, with nothing sent over the network.
/// </summary>
/// <remarks>
/// <para>Each call encodes all its values in one <see cref="ITextEncoder.Encode"/> (the encoder batches them by
/// token budget) into one buffer, which the returned embeddings share as slices. Thread-safe as the encoder is.</para>
/// <para>Texts are encoded as <see cref="DefaultRole"/> (documents unless said otherwise). A call may ask for the
/// other role through <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>: <c>"embedkit.role"</c> =
/// <c>"query"</c> or <c>"document"</c>; models with a query prefix (arctic-embed) need it for search queries.
/// A requested <see cref="EmbeddingGenerationOptions.Dimensions"/> other than the encoder's is refused (these
/// models are not trained for truncated vectors), as is a <see cref="EmbeddingGenerationOptions.ModelId"/> other
/// than this generator's.</para>
/// <para>The count of inputs the model truncated to its window is in the result's
/// <see cref="GeneratedEmbeddings{TEmbedding}.AdditionalProperties"/> as <c>"embedkit.truncated"</c>.</para>
/// </remarks>
public sealed class EmbedkitEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The additional-property key that chooses the role of one call: <c>"query"</c> or <c>"document"</c>.</summary>
    public const string RoleProperty = "embedkit.role";

    /// <summary>The result's additional-property key holding how many inputs were truncated.</summary>
    public const string TruncatedProperty = "embedkit.truncated";

    private readonly ITextEncoder _encoder;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Wraps <paramref name="encoder"/>, named <paramref name="modelId"/> (e.g. <c>all-MiniLM-L6-v2</c>).</summary>
    /// <exception cref="ArgumentException">When <paramref name="modelId"/> is empty or <paramref name="defaultRole"/> is not a role.</exception>
    public EmbedkitEmbeddingGenerator(ITextEncoder encoder, string modelId, TextRole defaultRole = TextRole.Document)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!Enum.IsDefined(defaultRole)) throw new ArgumentException($"role {defaultRole} is not Document or Query", nameof(defaultRole));
        _encoder = encoder;
        DefaultRole = defaultRole;
        _metadata = new EmbeddingGeneratorMetadata("embedkit", providerUri: null, defaultModelId: modelId, defaultModelDimensions: encoder.Dimension);
    }

    /// <summary>The role of texts when a call does not say.</summary>
    public TextRole DefaultRole { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        TextRole role = RoleOf(options);
        string[] texts = values.ToArray();
        for (int i = 0; i < texts.Length; i++)
            if (texts[i] is null) throw new ArgumentException($"value {i} is null; every value must be a string (an empty one is allowed)", nameof(values));
        int d = _encoder.Dimension;
        var buffer = new float[(long)texts.Length * d];
        int truncated = texts.Length == 0 ? 0 : _encoder.Encode(texts, role, buffer, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        DateTimeOffset created = DateTimeOffset.UtcNow;
        for (int i = 0; i < texts.Length; i++)
            result.Add(new Embedding<float>(buffer.AsMemory(i * d, d)) { ModelId = _metadata.DefaultModelId, CreatedAt = created });
        result.AdditionalProperties = new AdditionalPropertiesDictionary { [TruncatedProperty] = truncated };
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>Offers the <see cref="EmbeddingGeneratorMetadata"/>, the wrapped <see cref="ITextEncoder"/> and this generator.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        if (serviceType.IsInstanceOfType(_encoder)) return _encoder;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: the encoder belongs to the caller.</summary>
    public void Dispose()
    {
    }

    private TextRole RoleOf(EmbeddingGenerationOptions? options)
    {
        if (options is null) return DefaultRole;
        if (options.Dimensions is int dimensions && dimensions != _encoder.Dimension)
            throw new ArgumentException($"options.Dimensions: this model writes {_encoder.Dimension}-d vectors and cannot give {dimensions}", nameof(options));
        if (options.ModelId is not null && options.ModelId != _metadata.DefaultModelId)
            throw new ArgumentException($"options.ModelId: this generator runs '{_metadata.DefaultModelId}', not '{options.ModelId}'", nameof(options));
        if (options.AdditionalProperties is null || !options.AdditionalProperties.TryGetValue(RoleProperty, out object? value)) return DefaultRole;
        return (value as string)?.ToLowerInvariant() switch
        {
            "query" => TextRole.Query,
            "document" => TextRole.Document,
            _ => throw new ArgumentException($"options.AdditionalProperties[\"{RoleProperty}\"]: expected \"query\" or \"document\", found '{value}'", nameof(options)),
        };
    }
}
