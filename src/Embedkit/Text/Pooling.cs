using System.Numerics.Tensors;

namespace Embedkit.Text;

/// <summary>Pooling of token vectors into text vectors, with padding masked out, and L2 normalisation.</summary>
public static class Pooling
{
    /// <summary>
    /// Pools one row of a batch: <paramref name="hidden"/> is <c>[sequence × dimension]</c>
    /// for that row, of which the first <paramref name="length"/> tokens are real (the rest padding).
    /// </summary>
    /// <exception cref="ArgumentException">When the spans do not fit the sizes.</exception>
    public static void Pool(PoolingMode mode, ReadOnlySpan<float> hidden, int length, int dimension, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (hidden.Length < (long)length * dimension) throw new ArgumentException($"expected at least {length} × {dimension} values, found {hidden.Length}", nameof(hidden));
        if (destination.Length != dimension) throw new ArgumentException($"expected {dimension} values, found {destination.Length}", nameof(destination));
        switch (mode)
        {
            case PoolingMode.Cls:
                hidden[..dimension].CopyTo(destination);
                break;
            case PoolingMode.LastToken:
                hidden.Slice((length - 1) * dimension, dimension).CopyTo(destination);
                break;
            case PoolingMode.Max:
                hidden[..dimension].CopyTo(destination);
                for (int t = 1; t < length; t++) TensorPrimitives.Max(destination, hidden.Slice(t * dimension, dimension), destination);
                break;
            case PoolingMode.Mean:
                hidden[..dimension].CopyTo(destination);
                for (int t = 1; t < length; t++) TensorPrimitives.Add(destination, hidden.Slice(t * dimension, dimension), destination);
                TensorPrimitives.Multiply(destination, 1f / length, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pooling mode");
        }
    }

    /// <summary>
    /// Scales <paramref name="vector"/> to unit L2 norm, as sentence-transformers' <c>Normalize</c> does
    /// (dividing by max(‖v‖, 1e-12)); a zero vector stays zero.
    /// </summary>
    public static void NormalizeL2(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Multiply(vector, 1f / MathF.Max(norm, 1e-12f), vector);
    }

    /// <summary>Parses a pooling name: <c>mean</c>, <c>cls</c>, <c>last</c> (or <c>lasttoken</c>), <c>max</c>.</summary>
    public static bool TryParse(string? text, out PoolingMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "mean": mode = PoolingMode.Mean; return true;
            case "cls": mode = PoolingMode.Cls; return true;
            case "last" or "lasttoken" or "last-token" or "last_token": mode = PoolingMode.LastToken; return true;
            case "max": mode = PoolingMode.Max; return true;
            default: mode = PoolingMode.Mean; return false;
        }
    }

    /// <summary>The name <see cref="TryParse"/> reads back: <c>mean</c>, <c>cls</c>, <c>last</c>, <c>max</c>.</summary>
    public static string Name(PoolingMode mode) => mode switch
    {
        PoolingMode.Mean => "mean",
        PoolingMode.Cls => "cls",
        PoolingMode.LastToken => "last",
        PoolingMode.Max => "max",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pooling mode"),
    };
}
