using Embedkit.Text;

namespace Embedkit.Onnx;

/// <summary>How an <see cref="OnnxTextEncoder"/> runs; every value has a default and is validated once.</summary>
public sealed record TextEncoderOptions
{
    /// <summary>
    /// Token budget of one model call: rows × padded length (texts sorted by length first, so padding is small).
    /// ONNX Runtime's working memory grows with it; at 2048, <c>embed text</c> with MiniLM over 100,000 short
    /// documents peaked at 261 MiB (docs/benchmarks.md, "Text encoder").
    /// </summary>
    public int BatchTokens { get; init; } = 2048;

    /// <summary>The largest <see cref="BatchTokens"/> accepted: 1,048,576 tokens (64 × a 512-token window × 32 texts).</summary>
    public const int MaxBatchTokens = 1 << 20;

    /// <summary>Pooling instead of the model's own (null: the model config's).</summary>
    public PoolingMode? Pooling { get; init; }

    /// <summary>Whether to scale vectors to unit length instead of the model's own choice (null: the model config's).</summary>
    public bool? Normalize { get; init; }

    /// <summary>
    /// Null (the default) truncates texts longer than the window, keeping [SEP], and counts them. A value
    /// encodes such texts in windows that overlap by this many tokens and averages the window vectors.
    /// </summary>
    public int? ChunkOverlap { get; init; }

    /// <summary>ONNX Runtime's intra-op threads; 0 = its default (the physical cores).</summary>
    public int Threads { get; init; }

    /// <summary>Checks the values against the model's window of <paramref name="maxTokens"/>.</summary>
    /// <exception cref="InvalidInputException">When a value is out of range; the message names the option.</exception>
    public void Validate(int maxTokens)
    {
        // The token buffers are sized from the budget, so a budget far beyond any batch would only allocate memory.
        ThrowHelper.RequireOption(BatchTokens is >= 1 and <= MaxBatchTokens, "--batch-tokens", $"an integer from 1 to {MaxBatchTokens:N0}", BatchTokens);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "0 (all cores) or a positive integer", Threads);
        if (ChunkOverlap is int overlap)
            ThrowHelper.RequireOption(overlap >= 0 && overlap < maxTokens - 2, "--chunk-overlap (ChunkOverlap)",
                $"an integer from 0 to {maxTokens - 3} (the window holds {maxTokens - 2} text tokens)", overlap);
    }
}
