namespace Embedkit.Search;

/// <summary>
/// The common part of Embedkit's codecs: the checks every <see cref="IVectorCodec"/> makes at its boundary
/// (training state, shapes, finite values), made once here so that the messages are the same for every
/// codec and the kernels run unchecked. Not meant to be derived from outside the library.
/// </summary>
public abstract class VectorCodec : IVectorCodec
{
    /// <summary>Rows per chunk when a large batch is encoded in parallel.</summary>
    private const int EncodeChunkRows = 1024;

    private protected VectorCodec(int dimension)
    {
        ThrowHelper.RequireOption(dimension > 0, "--dim (Dimension)", "a positive dimension", dimension);
        Dimension = dimension;
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public abstract int CodeSize { get; }

    /// <inheritdoc/>
    public abstract bool IsTrained { get; }

    /// <summary>The fewest training vectors this codec accepts.</summary>
    public abstract int MinimumTrainingVectors { get; }

    /// <summary>The codec's factory string, such as <c>SQ8</c> or <c>PQ16</c>.</summary>
    public abstract override string ToString();

    /// <inheritdoc/>
    public void Train(ReadOnlySpan<float> vectors, TrainingOptions? options = null)
    {
        options ??= TrainingOptions.Default;
        options.Validate();
        if (!NeedsTraining)
        {
            Rows(vectors, "training vectors");
            return;
        }
        if (IsTrained)
            ThrowHelper.InvalidInput($"the {this} codec is already trained; create a new codec to train again (codes made by this one would no longer decode)", field: "codec");
        int n = Rows(vectors, "training vectors");
        if (n < MinimumTrainingVectors)
            ThrowHelper.InvalidInput($"the {this} codec needs at least {MinimumTrainingVectors} training vectors{MinimumReason}, found {n}", field: "vectors");
        VectorChecks.CheckRows(vectors, Dimension, Metric.L2, "vectors");
        TrainCore(vectors, n, options);
    }

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float> vectors, Span<byte> codes)
    {
        RequireTrained("encoding");
        int n = Rows(vectors, "vectors");
        if (codes.Length != (long)n * CodeSize)
            throw new ArgumentException($"expected {n} codes × {CodeSize} bytes = {(long)n * CodeSize} bytes, found {codes.Length}", nameof(codes));
        VectorChecks.CheckRows(vectors, Dimension, Metric.L2, "vectors");
        EncodeUnchecked(vectors, n, codes);
    }

    /// <inheritdoc/>
    public void Decode(ReadOnlySpan<byte> codes, Span<float> vectors)
    {
        RequireTrained("decoding");
        if (codes.Length % CodeSize != 0)
            throw new ArgumentException($"{codes.Length} bytes are not a whole number of {CodeSize}-byte codes", nameof(codes));
        int n = codes.Length / CodeSize;
        if (vectors.Length != (long)n * Dimension)
            throw new ArgumentException($"expected {n} vectors × {Dimension} = {(long)n * Dimension} floats, found {vectors.Length}", nameof(vectors));
        DecodeCore(codes, n, vectors);
    }

    /// <inheritdoc/>
    public ICodeScorer CreateScorer(Metric metric, CodeScoring scoring = CodeScoring.Asymmetric)
    {
        RequireTrained("scoring");
        RequireMetric(metric);
        ThrowHelper.RequireOption(Enum.IsDefined(scoring), "--scoring (Scoring)", "asymmetric or symmetric", scoring);
        return scoring == CodeScoring.Asymmetric ? CreateAsymmetric(metric) : CreateSymmetric(metric);
    }

    /// <inheritdoc/>
    public float SymmetricScore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric)
    {
        RequireTrained("scoring");
        RequireMetric(metric);
        if (a.Length != CodeSize || b.Length != CodeSize)
            throw new ArgumentException($"expected two codes of {CodeSize} bytes, found {a.Length} and {b.Length}");
        return SymmetricScoreCore(a, b, metric);
    }

    /// <summary>False for codecs with nothing to learn (ready from construction): <see cref="Train"/> is then a no-op.</summary>
    private protected virtual bool NeedsTraining => true;

    /// <summary>Why the codec needs <see cref="MinimumTrainingVectors"/>, for the message (empty or starting with a space or comma).</summary>
    private protected virtual string MinimumReason => "";

    /// <summary>Learns the parameters from <paramref name="count"/> checked vectors.</summary>
    private protected abstract void TrainCore(ReadOnlySpan<float> vectors, int count, TrainingOptions options);

    /// <summary>Encodes <paramref name="count"/> checked vectors; safe to call from several threads at once.</summary>
    private protected abstract void EncodeCore(ReadOnlySpan<float> vectors, int count, Span<byte> codes);

    /// <summary>Decodes <paramref name="count"/> codes.</summary>
    private protected abstract void DecodeCore(ReadOnlySpan<byte> codes, int count, Span<float> vectors);

    /// <summary>The asymmetric scorer (float query against codes).</summary>
    private protected abstract CodeScorer CreateAsymmetric(Metric metric);

    /// <summary>The symmetric scorer: by default the query is encoded and each code scored by <see cref="SymmetricScoreCore"/>.</summary>
    private protected virtual CodeScorer CreateSymmetric(Metric metric) => new SymmetricCodeScorer(this, metric);

    /// <summary>The symmetric score of two codes of <see cref="CodeSize"/> bytes.</summary>
    internal abstract float SymmetricScoreCore(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Metric metric);

    /// <summary>Bytes that <see cref="WriteParameters"/> writes for a trained codec (see docs/formats.md).</summary>
    internal abstract long ParameterBytes { get; }

    /// <summary>Writes the learned parameters for an index file (see docs/formats.md); nothing when untrained.</summary>
    internal abstract void WriteParameters(BinaryWriter writer);

    /// <summary>Reads what <see cref="WriteParameters"/> wrote and becomes trained; throws <see cref="InvalidDataException"/> on values no training gives.</summary>
    internal abstract void ReadParameters(BinaryReader reader);

    /// <summary>Encodes checked vectors, large batches in parallel chunks (each code depends only on its vector).</summary>
    internal void EncodeUnchecked(ReadOnlySpan<float> vectors, int count, Span<byte> codes)
    {
        int d = Dimension, size = CodeSize;
        int chunks = (count + EncodeChunkRows - 1) / EncodeChunkRows;
        if (chunks <= 1 || Environment.ProcessorCount == 1)
        {
            EncodeCore(vectors, count, codes);
            return;
        }
        unsafe
        {
            fixed (float* v = vectors)
            fixed (byte* c = codes)
            {
                nint vp = (nint)v, cp = (nint)c;
                Parallel.For(0, chunks, chunk =>
                {
                    int first = chunk * EncodeChunkRows, rows = Math.Min(EncodeChunkRows, count - first);
                    EncodeCore(new ReadOnlySpan<float>((float*)vp + (long)first * d, rows * d), rows,
                        new Span<byte>((byte*)cp + (long)first * size, rows * size));
                });
            }
        }
    }

    /// <summary>Encodes one checked vector into a code of <see cref="CodeSize"/> bytes (for symmetric scorers).</summary>
    internal void EncodeOne(ReadOnlySpan<float> vector, Span<byte> code) => EncodeCore(vector, 1, code);

    /// <summary>Refuses use before training, naming the operation.</summary>
    private protected void RequireTrained(string operation)
    {
        if (!IsTrained)
            ThrowHelper.InvalidInput($"the {this} codec is not trained: call Train with representative vectors before {operation}", field: "codec");
    }

    private static void RequireMetric(Metric metric) =>
        ThrowHelper.RequireOption(Enum.IsDefined(metric), "--metric (Metric)", "l2, ip or cosine", metric);

    private int Rows(ReadOnlySpan<float> vectors, string what)
    {
        if (vectors.Length % Dimension != 0)
            ThrowHelper.InvalidInput($"dimension mismatch: the {this} codec has dimension {Dimension}, but the {what} hold {vectors.Length} values, not a whole number of {Dimension}-dimensional vectors", field: "vectors");
        return vectors.Length / Dimension;
    }
}
