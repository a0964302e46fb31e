using Embedkit.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Embedkit.Onnx;

/// <summary>
/// A local transformer text encoder: Embedkit's WordPiece tokenizer, one shared ONNX Runtime session, batches
/// formed by a token budget over texts sorted by length, pooling with padding masked out, optional L2
/// normalisation, query/document prefixes, and truncation (counted) or chunking of long texts.
/// Thread-safe: concurrent <see cref="Encode"/> calls share the session.
/// </summary>
public sealed partial class OnnxTextEncoder : ITextEncoder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _output;
    private readonly bool _tokenTypes;

    private OnnxTextEncoder(TextModel model, TextEncoderOptions options, InferenceSession session, string output, bool tokenTypes, int dimension)
    {
        Model = model;
        Options = options;
        Pooling = options.Pooling ?? model.Config.Pooling;
        Normalize = options.Normalize ?? model.Config.Normalize;
        _session = session;
        _output = output;
        _tokenTypes = tokenTypes;
        Dimension = dimension;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>The model: identity, config and tokenizer.</summary>
    public TextModel Model { get; }

    /// <summary>The options this encoder runs with.</summary>
    public TextEncoderOptions Options { get; }

    /// <summary>The pooling in effect (the options' or the model's).</summary>
    public PoolingMode Pooling { get; }

    /// <summary>Whether vectors are scaled to unit length (the options' or the model's choice).</summary>
    public bool Normalize { get; }

    /// <summary>The model's window in tokens, [CLS] and [SEP] included.</summary>
    public int MaxTokens => Model.Config.MaxTokens;

    /// <summary>Opens <paramref name="model"/> (see <see cref="TextModel.Open"/>) with <paramref name="options"/>.</summary>
    /// <exception cref="InvalidInputException">
    /// The model cannot be found or read, its inputs are not input_ids / attention_mask (int64), or none of its
    /// outputs is token embeddings [batch, sequence, hidden].
    /// </exception>
    public static OnnxTextEncoder Open(string model, TextEncoderOptions? options = null) => Open(TextModel.Open(model), options);

    /// <summary>Opens an already loaded <paramref name="model"/>.</summary>
    public static OnnxTextEncoder Open(TextModel model, TextEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new TextEncoderOptions();
        options.Validate(model.Config.MaxTokens);
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableMemoryPattern = false, // every batch has another shape: a planned pattern would only be re-planned
            IntraOpNumThreads = options.Threads,
        };
        InferenceSession session;
        try
        {
            session = model.OnnxPath is { } path ? new InferenceSession(path, sessionOptions) : CreateFromBytes(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            string hint = model.OnnxPath is { } cached && cached != model.OnnxSource ? $" (extracted from {model.OnnxSource}; delete it to extract it again)" : "";
            return ThrowHelper.InvalidInput<OnnxTextEncoder>($"ONNX Runtime cannot load the model{hint}: {e.Message}", model.OnnxPath ?? model.OnnxSource);
        }
        finally
        {
            sessionOptions.Dispose();
        }
        try
        {
            var (output, tokenTypes, dimension) = CheckSignature(session, model.OnnxSource);
            return new OnnxTextEncoder(model, options, session, output, tokenTypes, dimension);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the session from the weights in memory, then returns that buffer (about 90 MB for the bundled
    /// models) to the operating system at once, so it does not add to the peak while encoding.
    /// </summary>
    private static InferenceSession CreateFromBytes(TextModel model, SessionOptions options)
    {
        var session = new InferenceSession(model.ReadOnnx(), options);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return session;
    }

    /// <summary>
    /// The model must take input_ids and attention_mask (int64, [batch, sequence]; token_type_ids optional)
    /// and have a float output [batch, sequence, hidden]: last_hidden_state or token_embeddings, else the first such.
    /// </summary>
    private static (string Output, bool TokenTypes, int Dimension) CheckSignature(InferenceSession session, string source)
    {
        string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
            string.Join(", ", nodes.Select(n => $"{n.Key} {n.Value.ElementDataType} [{string.Join(",", n.Value.Dimensions)}]"));
        foreach (string required in new[] { "input_ids", "attention_mask" })
        {
            if (!session.InputMetadata.TryGetValue(required, out var input) || input.ElementDataType != TensorElementType.Int64 || input.Dimensions.Length != 2)
                ThrowHelper.InvalidInput($"the ONNX model must take {required} as int64 [batch, sequence]; its inputs are: {Describe(session.InputMetadata)}", source, field: required);
        }
        foreach (var input in session.InputMetadata.Keys)
        {
            if (input is not ("input_ids" or "attention_mask" or "token_type_ids"))
                ThrowHelper.InvalidInput($"the ONNX model takes an input Embedkit cannot fill, '{input}' (expected input_ids, attention_mask and optionally token_type_ids)", source, field: input);
        }
        bool tokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        static bool IsTokenEmbeddings(NodeMetadata node) => node.ElementDataType == TensorElementType.Float && node.Dimensions.Length == 3;
        string? output = null;
        foreach (string preferred in new[] { "last_hidden_state", "token_embeddings" })
            if (session.OutputMetadata.TryGetValue(preferred, out var node) && IsTokenEmbeddings(node)) output = preferred;
        output ??= session.OutputMetadata.FirstOrDefault(o => IsTokenEmbeddings(o.Value)).Key;
        if (output is null)
            ThrowHelper.InvalidInput($"no output of the ONNX model is token embeddings, float [batch, sequence, hidden]; its outputs are: {Describe(session.OutputMetadata)}", source, field: "output");
        int dimension = session.OutputMetadata[output].Dimensions[2];
        if (dimension <= 0)
            ThrowHelper.InvalidInput($"output {output} has no fixed hidden size (found [{string.Join(",", session.OutputMetadata[output].Dimensions)}]); export the model with a static hidden dimension", source, field: output);
        return (output, tokenTypes, dimension);
    }

    /// <summary>What the provenance of vectors from this encoder records: model, pooling, normalisation, prefixes, window.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Describe() =>
    [
        new("model", Model.Identity),
        new("model_name", Model.Config.Name),
        new("pooling", Text.Pooling.Name(Pooling)),
        new("normalize", Normalize ? "true" : "false"),
        new("max_tokens", MaxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("query_prefix", Model.Config.QueryPrefix),
        new("document_prefix", Model.Config.DocumentPrefix),
        new("chunk_overlap", Options.ChunkOverlap is int o ? o.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none (truncate)"),
    ];

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
