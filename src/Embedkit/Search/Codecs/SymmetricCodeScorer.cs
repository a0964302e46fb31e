namespace Embedkit.Search;

/// <summary>The generic symmetric scorer: the query is encoded once, then each code is scored against it by the codec's symmetric score.</summary>
internal sealed class SymmetricCodeScorer : CodeScorer
{
    private readonly VectorCodec _codec;
    private readonly byte[] _query;

    public SymmetricCodeScorer(VectorCodec codec, Metric metric) : base(codec, metric)
    {
        _codec = codec;
        _query = new byte[codec.CodeSize];
    }

    protected override void Prepare(ReadOnlySpan<float> query) => _codec.EncodeOne(query, _query);

    protected override void ScoreCore(ReadOnlySpan<byte> codes, Span<float> scores)
    {
        for (int i = 0; i < scores.Length; i++)
            scores[i] = _codec.SymmetricScoreCore(_query, codes.Slice(i * CodeSize, CodeSize), Metric);
    }
}
