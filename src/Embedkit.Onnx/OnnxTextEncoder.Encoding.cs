using System.Buffers;
using Embedkit.Text;
using Microsoft.ML.OnnxRuntime;

namespace Embedkit.Onnx;

public sealed partial class OnnxTextEncoder
{
    /// <summary>A run of one text's word pieces that goes through the model as one row: [CLS] pieces [SEP].</summary>
    private readonly record struct Window(int Text, int Start, int Length);

    /// <inheritdoc />
    public int Encode(IReadOnlyList<string> texts, TextRole role, Span<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (destination.Length != (long)texts.Count * Dimension)
            throw new ArgumentException($"expected {texts.Count} × {Dimension} = {(long)texts.Count * Dimension} floats, found {destination.Length}", nameof(destination));
        if (texts.Count == 0) return 0;
        destination.Clear();

        var pieces = new List<int>(texts.Count * 32);
        var windows = new List<Window>(texts.Count);
        var windowCounts = new int[texts.Count];
        int truncated = Split(texts, role, pieces, windows, windowCounts);

        var order = new int[windows.Count];
        var lengths = new int[windows.Count];
        for (int w = 0; w < order.Length; w++)
        {
            order[w] = w;
            lengths[w] = windows[w].Length;
        }
        Array.Sort(lengths, order); // by length, so a batch pads little

        int capacity = Math.Max(Options.BatchTokens, MaxTokens);
        long[] ids = ArrayPool<long>.Shared.Rent(capacity);
        long[] mask = ArrayPool<long>.Shared.Rent(capacity);
        long[] types = ArrayPool<long>.Shared.Rent(capacity);
        float[] pooled = ArrayPool<float>.Shared.Rent(Dimension);
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            Array.Clear(types);
            for (int begin = 0; begin < order.Length;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = begin + 1;
                while (end < order.Length && (long)(end - begin + 1) * (lengths[end] + 2) <= Options.BatchTokens) end++;
                RunBatch(windows, order.AsSpan(begin, end - begin), lengths[end - 1] + 2, pieces, windowCounts, ids, mask, types,
                    pooled.AsSpan(0, Dimension), destination, runOptions, cancellationToken);
                begin = end;
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
            ArrayPool<float>.Shared.Return(pooled);
        }
        if (Normalize)
        {
            for (int t = 0; t < texts.Count; t++)
                if (windowCounts[t] > 1) Text.Pooling.NormalizeL2(destination.Slice(t * Dimension, Dimension));
        }
        return truncated;
    }

    /// <summary>Tokenises every text (with the role's prefix) and cuts it into windows; returns how many were truncated.</summary>
    private int Split(IReadOnlyList<string> texts, TextRole role, List<int> pieces, List<Window> windows, int[] windowCounts)
    {
        string prefix = Model.Config.Prefix(role);
        int content = MaxTokens - 2;
        int truncated = 0;
        for (int t = 0; t < texts.Count; t++)
        {
            string text = texts[t] ?? throw new ArgumentException($"text {t} is null", nameof(texts));
            int start = pieces.Count;
            Model.Tokenizer.Tokenize(prefix.Length == 0 ? text : string.Concat(prefix, text), pieces);
            int count = pieces.Count - start;
            if (count <= content)
            {
                windows.Add(new Window(t, start, count));
                windowCounts[t] = 1;
            }
            else if (Options.ChunkOverlap is int overlap)
            {
                int stride = content - overlap;
                for (int at = 0; ; at += stride)
                {
                    int length = Math.Min(content, count - at);
                    windows.Add(new Window(t, start + at, length));
                    windowCounts[t]++;
                    if (at + length >= count) break;
                }
            }
            else
            {
                pieces.RemoveRange(start + content, count - content); // keep memory to the window
                windows.Add(new Window(t, start, content));
                windowCounts[t] = 1;
                truncated++;
            }
        }
        return truncated;
    }

    private void RunBatch(List<Window> windows, ReadOnlySpan<int> rows, int sequence, List<int> pieces, int[] windowCounts,
        long[] ids, long[] mask, long[] types, Span<float> pooled, Span<float> destination, RunOptions runOptions,
        CancellationToken cancellationToken)
    {
        var tokenizer = Model.Tokenizer;
        int size = rows.Length * sequence;
        ids.AsSpan(0, size).Fill(tokenizer.PadId);
        mask.AsSpan(0, size).Clear();
        for (int r = 0; r < rows.Length; r++)
        {
            var window = windows[rows[r]];
            var row = ids.AsSpan(r * sequence, sequence);
            row[0] = tokenizer.ClsId;
            for (int i = 0; i < window.Length; i++) row[1 + i] = pieces[window.Start + i];
            row[window.Length + 1] = tokenizer.SepId;
            mask.AsSpan(r * sequence, window.Length + 2).Fill(1);
        }
        long[] shape = [rows.Length, sequence];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, size), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
        using var typesValue = _tokenTypes ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, size), shape) : null;
        string[] names = _tokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        OrtValue[] values = _tokenTypes ? [idsValue, maskValue, typesValue!] : [idsValue, maskValue];
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, names, values, [_output]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            // The model loaded but cannot run these inputs: in a user's model folder, a vocab.txt with more tokens
            // than the model's embedding table, or a max_tokens beyond its position embeddings.
            throw new InvalidInputException(
                $"the model cannot encode a batch of {rows.Length} × {sequence} tokens ({e.Message.Split('\n')[0]}); check that vocab.txt is the model's own vocabulary and that max_tokens ({Model.Config.MaxTokens}) is within its position embeddings",
                Model.OnnxSource, field: "model.onnx");
        }
        using (outputs)
        {
            var output = outputs[0];
            var outputShape = output.GetTensorTypeAndShape().Shape;
            if (outputShape.Length != 3 || outputShape[0] != rows.Length || outputShape[1] != sequence || outputShape[2] != Dimension)
                ThrowHelper.InvalidInput($"output {_output} has shape [{string.Join(",", outputShape)}], expected [{rows.Length},{sequence},{Dimension}] (token embeddings)",
                    Model.OnnxSource, field: _output);
            var hidden = output.GetTensorDataAsSpan<float>();
            int stride = sequence * Dimension;
            for (int r = 0; r < rows.Length; r++)
            {
                var window = windows[rows[r]];
                var target = destination.Slice(window.Text * Dimension, Dimension);
                int count = windowCounts[window.Text];
                if (count == 1)
                {
                    Text.Pooling.Pool(Pooling, hidden.Slice(r * stride, stride), window.Length + 2, Dimension, target);
                    if (Normalize) Text.Pooling.NormalizeL2(target);
                    continue;
                }
                // A chunked text: the mean of its (normalised, when asked) window vectors; Encode normalises the mean.
                Text.Pooling.Pool(Pooling, hidden.Slice(r * stride, stride), window.Length + 2, Dimension, pooled);
                if (Normalize) Text.Pooling.NormalizeL2(pooled);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(pooled, 1f / count, target, target);
            }
        }
    }
}
