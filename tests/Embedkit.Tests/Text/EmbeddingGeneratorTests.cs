using Embedkit.Extensions.AI;
using Embedkit.Text;
using Microsoft.Extensions.AI;

namespace Embedkit.Tests.Text;

/// <summary>The Microsoft.Extensions.AI adapter over an <see cref="ITextEncoder"/>.</summary>
public sealed class EmbeddingGeneratorTests
{
    /// <summary>
    /// A 3-d encoder whose vectors are worked out by hand: (characters, vowels among a/e/i/o/u, 1 for a query
    /// else 0); it counts its calls and reports texts longer than 5 characters as truncated.
    /// </summary>
    private sealed class CountingEncoder : ITextEncoder
    {
        public int Calls;

        public int Dimension => 3;

        public int Encode(IReadOnlyList<string> texts, TextRole role, Span<float> destination, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            if (destination.Length != texts.Count * 3) throw new ArgumentException("destination length");
            int truncated = 0;
            for (int i = 0; i < texts.Count; i++)
            {
                destination[3 * i] = texts[i].Length;
                destination[3 * i + 1] = texts[i].Count(c => "aeiou".Contains(c));
                destination[3 * i + 2] = role == TextRole.Query ? 1 : 0;
                if (texts[i].Length > 5) truncated++;
            }
            return truncated;
        }
    }

    [Fact]
    public async Task Generate_GivesEachTextItsEncoderRow_InOrder_AsDocuments()
    {
        var encoder = new CountingEncoder();
        IEmbeddingGenerator<string, Embedding<float>> generator = new EmbedkitEmbeddingGenerator(encoder, "counting");
        var result = await generator.GenerateAsync(["ab", "", "aeiouxy"]);
        // By hand: "ab" = 2 chars, 1 vowel; "" = 0, 0; "aeiouxy" = 7 chars, 5 vowels and over 5 chars (truncated).
        Assert.Equal([2f, 1f, 0f], result[0].Vector.ToArray());
        Assert.Equal([0f, 0f, 0f], result[1].Vector.ToArray());
        Assert.Equal([7f, 5f, 0f], result[2].Vector.ToArray());
        Assert.All(result, e => Assert.Equal("counting", e.ModelId));
        Assert.Equal(1, result.AdditionalProperties![EmbedkitEmbeddingGenerator.TruncatedProperty]);
        Assert.Equal(1, encoder.Calls);
    }

    [Fact]
    public async Task Role_ComesFromTheCallOptions_OrTheDefault()
    {
        var generator = new EmbedkitEmbeddingGenerator(new CountingEncoder(), "counting", TextRole.Query);
        Assert.Equal(1f, (await generator.GenerateAsync(["a"]))[0].Vector.Span[2]);
        var asDocument = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbedkitEmbeddingGenerator.RoleProperty] = "document" } };
        Assert.Equal(0f, (await generator.GenerateAsync(["a"], asDocument))[0].Vector.Span[2]);
        var wrong = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbedkitEmbeddingGenerator.RoleProperty] = "passage" } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], wrong));
        Assert.Contains("\"query\" or \"document\"", error.Message);
    }

    [Fact]
    public async Task EmptyInput_GivesAnEmptyResult_WithoutCallingTheModel()
    {
        var encoder = new CountingEncoder();
        var result = await new EmbedkitEmbeddingGenerator(encoder, "counting").GenerateAsync([]);
        Assert.Empty(result);
        Assert.Equal(0, encoder.Calls);
    }

    [Fact]
    public async Task Options_ThatTheModelCannotHonour_AreRefused_AndNullValuesNamed()
    {
        var generator = new EmbedkitEmbeddingGenerator(new CountingEncoder(), "counting");
        var dims = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 2 }));
        Assert.Contains("3-d", dims.Message);
        var model = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "other" }));
        Assert.Contains("'other'", model.Message);
        var nulls = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a", null!]));
        Assert.Contains("value 1", nulls.Message);
        // The requested dimension equal to the model's is fine.
        Assert.Single(await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 3 }));
    }

    [Fact]
    public async Task OverMiniLM_GivesThePublishedCosine_ThroughTheAbstraction()
    {
        // sentence-transformers' usage example: all-MiniLM-L6-v2 weather–sunny cosine 0.6660 (see OnnxTextEncoderTests).
        IEmbeddingGenerator<string, Embedding<float>> generator = new EmbedkitEmbeddingGenerator(TextModelFixture.MiniLM, "all-MiniLM-L6-v2");
        var result = await generator.GenerateAsync(["The weather is lovely today.", "It's so sunny outside!"]);
        Assert.Equal(384, result[0].Dimensions);
        Assert.Equal(0.6660, System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(result[0].Vector.Span, result[1].Vector.Span), 3);
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public void GetService_OffersMetadata_AndTheEncoder()
    {
        var encoder = new CountingEncoder();
        var generator = new EmbedkitEmbeddingGenerator(encoder, "counting");
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("embedkit", metadata.ProviderName);
        Assert.Equal("counting", metadata.DefaultModelId);
        Assert.Equal(3, metadata.DefaultModelDimensions);
        Assert.Same(encoder, generator.GetService<ITextEncoder>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("some key"));
    }
}
