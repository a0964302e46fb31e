namespace Embedkit.Search;

public sealed partial class CodecFlatIndex
{
    /// <summary>Bytes of codes scored per scorer call: small enough for the scores to stay in L1.</summary>
    private const int ChunkBytes = 64 << 10;

    /// <inheritdoc/>
    /// <remarks>
    /// Each worker takes queries a few at a time; for each it prepares the scorer once (tables, encoded query)
    /// and scans every code in chunks, keeping the best k in a bounded heap (the same <see cref="TopKHeaps"/> as
    /// <see cref="FlatIndex"/>). Buffers are allocated once per worker and call, nothing per query. Pass
    /// <see cref="CodecSearchParameters"/> to choose symmetric scoring.
    /// </remarks>
    public void Search(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, SearchParameters? parameters = null)
    {
        int n = VectorChecks.CheckSearch(queries, k, ids.Length, scores.Length, Dimension);
        parameters ??= SearchParameters.Default;
        parameters.Validate();
        VectorChecks.CheckRows(queries, Dimension, Metric, "queries");
        if (n == 0) return;
        ScoreKind kind = Metric.ScoreKind();
        if (_count == 0)
        {
            ids.Fill(VectorChecks.NoId);
            scores.Fill(kind.WorstScore());
            return;
        }
        CodeScoring scoring = (parameters as CodecSearchParameters)?.Scoring ?? CodeScoring.Asymmetric;
        QueryWorkers.Run(queries, Dimension, k, ids, scores, parameters.EffectiveThreads, () => new Scan(this, scoring, k));
    }

    /// <summary>One worker's scorer, heap and buffers, reused for every query it takes.</summary>
    private sealed class Scan : IQueryWorker
    {
        private readonly CodecFlatIndex _index;
        private readonly ICodeScorer _scorer;
        private readonly TopKHeaps _heap;
        private readonly float[] _keys;
        private readonly int[] _slots;
        private readonly float[] _best;
        private readonly int _chunk;
        private readonly bool _similarity;

        public Scan(CodecFlatIndex index, CodeScoring scoring, int k)
        {
            _index = index;
            _scorer = index._codec.CreateScorer(index.Metric, scoring);
            int kept = Math.Min(k, index._count);
            _heap = new TopKHeaps(1, kept, index._ids);
            _chunk = Math.Clamp(ChunkBytes / index._codec.CodeSize, 16, 1024);
            _keys = new float[_chunk];
            _slots = new int[kept];
            _best = new float[kept];
            _similarity = index.Metric.ScoreKind() == ScoreKind.Similarity;
        }

        /// <summary>Nothing is shared between the queries of a take.</summary>
        public void Begin(ReadOnlySpan<float> queries)
        {
        }

        /// <summary>Scores every code against <paramref name="query"/> and writes the best k, filling the rest with id −1.</summary>
        public void Run(int row, ReadOnlySpan<float> query, Span<long> ids, Span<float> scores)
        {
            _scorer.SetQuery(query);
            _heap.Reset(1);
            int count = _index._count, size = _index._codec.CodeSize;
            ReadOnlySpan<byte> codes = _index._codes;
            Span<float> keys = _keys;
            for (int first = 0; first < count; first += _chunk)
            {
                int rows = Math.Min(_chunk, count - first);
                Span<float> chunk = keys[..rows];
                _scorer.Score(codes.Slice(first * size, rows * size), chunk);
                float threshold = _heap.Threshold(0);
                for (int j = 0; j < rows; j++)
                {
                    // Keys are lower-is-better: similarities are negated.
                    float key = _similarity ? -chunk[j] : chunk[j];
                    if (key <= threshold)
                    {
                        _heap.Offer(0, key, first + j);
                        threshold = _heap.Threshold(0);
                    }
                }
            }
            int found = _heap.Drain(0, _slots, _best);
            for (int j = 0; j < found; j++)
            {
                ids[j] = _index._ids[_slots[j]];
                scores[j] = _similarity ? -_best[j] : _best[j];
            }
            ids[found..].Fill(VectorChecks.NoId);
            scores[found..].Fill(_index.Metric.ScoreKind().WorstScore());
        }
    }
}
