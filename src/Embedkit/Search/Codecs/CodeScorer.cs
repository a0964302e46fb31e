namespace Embedkit.Search;

/// <summary>
/// The common part of the scorers: the shape checks, and under cosine the normalisation of the query, so
/// that each codec's <see cref="Prepare"/> receives a query as the metric wants it.
/// </summary>
internal abstract class CodeScorer : ICodeScorer
{
    private readonly float[] _unit;
    private bool _ready;

    protected CodeScorer(VectorCodec codec, Metric metric)
    {
        Dimension = codec.Dimension;
        CodeSize = codec.CodeSize;
        Metric = metric;
        _unit = new float[Dimension];
    }

    /// <inheritdoc/>
    public Metric Metric { get; }

    protected int Dimension { get; }

    protected int CodeSize { get; }

    /// <inheritdoc/>
    public void SetQuery(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
            throw new ArgumentException($"expected a query of {Dimension} floats, found {query.Length}", nameof(query));
        ReadOnlySpan<float> q = query;
        if (Metric == Metric.Cosine)
        {
            double norm = Math.Sqrt(VectorChecks.SquaredNorm(query));
            if (norm == 0)
                ThrowHelper.InvalidInput("the query is all zeros, which has no direction: cosine similarity is undefined for it", field: "queries");
            for (int j = 0; j < Dimension; j++) _unit[j] = (float)(query[j] / norm);
            q = _unit;
        }
        Prepare(q);
        _ready = true;
    }

    /// <inheritdoc/>
    public void Score(ReadOnlySpan<byte> codes, Span<float> scores)
    {
        if (!_ready) throw new InvalidOperationException("call SetQuery before Score");
        if (codes.Length != (long)scores.Length * CodeSize)
            throw new ArgumentException($"expected {scores.Length} codes × {CodeSize} bytes = {(long)scores.Length * CodeSize} bytes, found {codes.Length}", nameof(codes));
        ScoreCore(codes, scores);
    }

    /// <summary>Prepares for a query of <see cref="Dimension"/> floats, unit length under cosine.</summary>
    protected abstract void Prepare(ReadOnlySpan<float> query);

    /// <summary>Scores whole codes whose count matches <paramref name="scores"/>.</summary>
    protected abstract void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores);
}
