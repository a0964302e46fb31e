using System.Numerics.Tensors;

namespace Embedkit.Search;

public sealed partial class IvfIndex
{
    /// <inheritdoc/>
    /// <remarks>
    /// Per query: the inner product with every centroid gives the <see cref="IvfSearchParameters.NProbe"/> lists to
    /// scan (nearest first; all of them when NProbe exceeds <see cref="Lists"/>), whose entries are scored into a
    /// bounded heap (<see cref="TopKHeaps"/>). Workers take queries a few at a time; each allocates its buffers once
    /// per call (growing them only when a probe meets more entries than any before), nothing per query. Without
    /// <see cref="IvfSearchParameters"/> the default NProbe (<see cref="IvfSearchParameters.DefaultNProbe"/>) is used.
    /// An untrained index holds nothing, so every slot comes back unfilled.
    /// </remarks>
    public void Search(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, SearchParameters? parameters = null)
    {
        int n = VectorChecks.CheckSearch(queries, k, ids.Length, scores.Length, Dimension);
        parameters ??= SearchParameters.Default;
        parameters.Validate();
        VectorChecks.CheckRows(queries, Dimension, Metric, "queries");
        if (n == 0) return;
        if (_count == 0)
        {
            ids.Fill(VectorChecks.NoId);
            scores.Fill(Metric.ScoreKind().WorstScore());
            return;
        }
        int probes = Math.Min(Lists, (parameters as IvfSearchParameters)?.NProbe ?? IvfSearchParameters.DefaultNProbe);
        QueryWorkers.Run(queries, Dimension, k, ids, scores, parameters.EffectiveThreads, () => new IvfScan(this, k, probes), IvfScan.QueriesPerTake);
    }

    /// <summary>One worker's buffers, reused for every query it takes.</summary>
    private sealed class IvfScan : IQueryWorker
    {
        /// <summary>Queries per take: two tiles of the dot-product kernel, whose centroid dots are computed together.</summary>
        public const int QueriesPerTake = 2 * DotKernels.TileQueries;

        private readonly IvfIndex _index;
        private readonly int _stride;
        private readonly AlignedFloats _block;
        private readonly float[] _blockDots;
        private readonly float[] _tile = new float[DotKernels.TileQueries * DotKernels.TileRows];
        private int _blockRows;
        private readonly int _k;
        private readonly int _kept;
        private readonly float[] _residual;
        private readonly TopKHeaps _probeHeap;
        private readonly int[] _probeLists;
        private readonly float[] _probeKeys;
        private readonly ICodeScorer? _scorer;
        private readonly PQCodec? _pq;
        private readonly float[] _ipTables = [];
        private readonly float[] _table = [];
        private readonly int[] _slots;
        private readonly float[] _best;
        private readonly (double Score, long Id)[] _ranked;
        private TopKHeaps _heap;
        private long[] _candidateIds;
        private int[] _candidateList;
        private int[] _candidateSlot;
        private float[] _keys = [];

        public IvfScan(IvfIndex index, int k, int probes)
        {
            _index = index;
            _k = k;
            int d = index.Dimension;
            // Flat lists: the best 2k + 16 by the float32 key are re-scored in double, as FlatIndex does.
            _kept = index._codec is null ? (int)Math.Min(index._count, 2L * k + 16) : Math.Min(k, index._count);
            _stride = DotKernels.Stride(d);
            _block = new AlignedFloats(QueriesPerTake * _stride);
            _blockDots = new float[QueriesPerTake * index.Lists];
            _residual = new float[d];
            var listIds = new long[index.Lists];
            for (int c = 0; c < listIds.Length; c++) listIds[c] = c;
            _probeHeap = new TopKHeaps(1, probes, listIds);
            _probeLists = new int[probes];
            _probeKeys = new float[probes];
            if (index._codec is not null)
            {
                if (index._pqTerms is not null)
                {
                    _pq = (PQCodec)index._codec;
                    _ipTables = new float[_pq.SubQuantizers * PQCodec.Centroids];
                    _table = new float[_ipTables.Length];
                }
                else
                {
                    // Queries arrive prepared (unit length under cosine), so cosine scores as the inner product.
                    _scorer = index._codec.CreateScorer(index.Metric == Metric.Cosine ? Metric.InnerProduct : index.Metric);
                }
            }
            _slots = new int[_kept];
            _best = new float[_kept];
            _ranked = new (double, long)[_kept];
            _candidateIds = new long[Math.Max(_kept, 64)];
            _candidateList = new int[_candidateIds.Length];
            _candidateSlot = new int[_candidateIds.Length];
            _heap = new TopKHeaps(1, _kept, _candidateIds);
        }

        /// <summary>
        /// Copies the take's queries into zero-padded rows (unit length under cosine) and computes their inner products
        /// with every centroid, 6 queries × 4 centroids per kernel call (<see cref="DotKernels.Tile"/>), so that each
        /// centroid is read once per tile of queries rather than once per query.
        /// </summary>
        public void Begin(ReadOnlySpan<float> queries)
        {
            IvfIndex index = _index;
            int d = index.Dimension, stride = _stride, lists = index.Lists;
            int n = queries.Length / d;
            _blockRows = n;
            Span<float> block = _block.Span;
            block.Clear();
            for (int r = 0; r < n; r++)
            {
                Span<float> row = block.Slice(r * stride, d);
                if (index.Metric == Metric.Cosine) UnitVectors.One(queries.Slice(r * d, d), row);
                else queries.Slice(r * d, d).CopyTo(row);
            }
            ReadOnlySpan<float> centroids = index._paddedCentroids.Span;
            KernelWidth width = DotKernels.Best;
            for (int t = 0; t < n; t += DotKernels.TileQueries)
            {
                ReadOnlySpan<float> tileQueries = block.Slice(t * stride, DotKernels.TileQueries * stride);
                int valid = Math.Min(DotKernels.TileQueries, n - t);
                for (int c = 0; c < lists; c += DotKernels.TileRows)
                {
                    DotKernels.Tile(tileQueries, centroids.Slice(c * stride, DotKernels.TileRows * stride), stride, _tile, width);
                    int rows = Math.Min(DotKernels.TileRows, lists - c);
                    for (int i = 0; i < valid; i++)
                        for (int j = 0; j < rows; j++) _blockDots[(t + i) * lists + c + j] = _tile[i * DotKernels.TileRows + j];
                }
            }
        }

        /// <summary>Scans the probed lists for the take's query <paramref name="row"/> and writes the best k, filling the rest with id −1.</summary>
        public void Run(int row, ReadOnlySpan<float> query, Span<long> ids, Span<float> scores)
        {
            IvfIndex index = _index;
            int d = index.Dimension;
            Metric metric = index.Metric;
            if (row >= _blockRows) throw new InvalidOperationException("Run before Begin of its take");
            ReadOnlySpan<float> q = _block.Slice(row * _stride, d);
            ReadOnlySpan<float> dots = _blockDots.AsSpan(row * index.Lists, index.Lists);

            int probes = Probe(dots, out int entries);
            EnsureCandidates(entries);
            _heap.Reset(1);
            int offered = 0;
            bool l2 = metric == Metric.L2;
            float qq = l2 ? TensorPrimitives.Dot<float>(q, q) : 0f;
            if (_scorer is not null && !(index.ByResidual && l2)) _scorer.SetQuery(q);
            if (_pq is not null) _pq.Tables(q, _ipTables, l2: false);

            for (int p = 0; p < probes; p++)
            {
                int c = _probeLists[p];
                IvfList list = index._lists[c];
                int count = list.Count;
                if (count == 0) continue;
                if (index._codec is null)
                {
                    ScanFlat(q, list, c, l2, ref offered);
                    continue;
                }
                if (_keys.Length < count) _keys = new float[Math.Max(count, 2 * _keys.Length)];
                Span<float> keys = _keys.AsSpan(0, count);
                ReadOnlySpan<byte> codes = list.Codes.AsSpan(0, count * index._codec.CodeSize);
                float constant = 0f;
                bool negate = !l2;
                if (_pq is not null)
                {
                    // ‖q − c − r‖² = ‖q − c‖² + (‖r‖² + 2c·r) − 2q·r: tabulated term of the list, minus twice the query's table.
                    int size = _table.Length;
                    TensorPrimitives.MultiplyAdd(_ipTables, -2f, index._pqTerms.AsSpan(c * size, size), _table);
                    LookupKernels.Sum(_table, codes, _pq.SubQuantizers, 0, _pq.SubQuantizers, keys);
                    constant = Math.Max(0f, qq + index._centroidNorms[c] - 2f * dots[c]);
                }
                else if (index.ByResidual && l2)
                {
                    TensorPrimitives.Subtract(q, index.Centroid(c), _residual);
                    _scorer!.SetQuery(_residual);
                    _scorer.Score(codes, keys);
                }
                else
                {
                    _scorer!.Score(codes, keys);
                    // By residual under ip and cosine: q·(c + r) = q·c + q·r.
                    if (index.ByResidual) constant = dots[c];
                }
                Offer(keys, constant, negate, list, c, ref offered);
            }
            Finish(q, ids, scores);
        }

        /// <summary>
        /// Picks the lists to scan from the query's inner products with every centroid: the probes of least key
        /// (‖c‖² − 2q·c, or −q·c under ip), nearest first; returns their number and the entries they hold.
        /// </summary>
        private int Probe(ReadOnlySpan<float> dots, out int entries)
        {
            IvfIndex index = _index;
            int lists = index.Lists;
            bool ip = index.Metric == Metric.InnerProduct;
            _probeHeap.Reset(1);
            float threshold = float.PositiveInfinity;
            for (int c = 0; c < lists; c++)
            {
                float dot = dots[c];
                float key = ip ? -dot : index._centroidNorms[c] - 2f * dot;
                if (key <= threshold)
                {
                    _probeHeap.Offer(0, key, c);
                    threshold = _probeHeap.Threshold(0);
                }
            }
            int probes = _probeHeap.Drain(0, _probeLists, _probeKeys);
            entries = 0;
            for (int p = 0; p < probes; p++) entries += index._lists[_probeLists[p]].Count;
            return probes;
        }

        /// <summary>Offers every vector of a flat list by its float32 key: ‖x‖² − 2q·x under L2 (ranks as the distance), −q·x otherwise.</summary>
        private void ScanFlat(ReadOnlySpan<float> q, IvfList list, int c, bool l2, ref int offered)
        {
            int d = _index.Dimension, count = list.Count;
            ReadOnlySpan<float> vectors = list.Vectors.AsSpan(0, count * d);
            float[] norms = list.Norms;
            float threshold = _heap.Threshold(0);
            for (int j = 0; j < count; j++)
            {
                float dot = TensorPrimitives.Dot(q, vectors.Slice(j * d, d));
                float key = l2 ? norms[j] - 2f * dot : -dot;
                if (key <= threshold) threshold = Keep(key, list.Ids[j], c, j, ref offered);
            }
        }

        /// <summary>Offers a codec list's scores (lower-is-better keys: similarities are negated) plus <paramref name="constant"/>.</summary>
        private void Offer(ReadOnlySpan<float> keys, float constant, bool negate, IvfList list, int c, ref int offered)
        {
            float threshold = _heap.Threshold(0);
            for (int j = 0; j < keys.Length; j++)
            {
                float score = keys[j] + constant;
                float key = negate ? -score : score;
                if (key <= threshold) threshold = Keep(key, list.Ids[j], c, j, ref offered);
            }
        }

        /// <summary>Records a candidate (id, list, slot) and offers it to the heap; returns the new threshold.</summary>
        private float Keep(float key, long id, int list, int slot, ref int offered)
        {
            _candidateIds[offered] = id;
            _candidateList[offered] = list;
            _candidateSlot[offered] = slot;
            _heap.Offer(0, key, offered++);
            return _heap.Threshold(0);
        }

        /// <summary>Writes the kept candidates: codec keys as scores, or flat candidates re-scored exactly in double, best k then lower id.</summary>
        private void Finish(ReadOnlySpan<float> q, Span<long> ids, Span<float> scores)
        {
            IvfIndex index = _index;
            Metric metric = index.Metric;
            bool l2 = metric == Metric.L2;
            int found = _heap.Drain(0, _slots, _best);
            int take;
            if (index._codec is null)
            {
                Span<(double Score, long Id)> ranked = _ranked.AsSpan(0, found);
                for (int j = 0; j < found; j++)
                {
                    int candidate = _slots[j];
                    ReadOnlySpan<float> row = index._lists[_candidateList[candidate]].VectorAt(_candidateSlot[candidate]);
                    double score = l2 ? DotKernels.ExactSquaredDistance(q, row) : -DotKernels.ExactDot(q, row);
                    ranked[j] = (score, _candidateIds[candidate]);
                }
                ranked.Sort(static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Id.CompareTo(b.Id));
                take = Math.Min(_k, found);
                for (int j = 0; j < take; j++)
                {
                    ids[j] = ranked[j].Id;
                    scores[j] = (float)(l2 ? ranked[j].Score : -ranked[j].Score);
                }
            }
            else
            {
                take = found;
                for (int j = 0; j < found; j++)
                {
                    ids[j] = _candidateIds[_slots[j]];
                    scores[j] = l2 ? _best[j] : -_best[j];
                }
            }
            ids[take..].Fill(VectorChecks.NoId);
            scores[take..].Fill(metric.ScoreKind().WorstScore());
        }

        /// <summary>Room for a candidate entry per scanned entry; grows (and rebuilds the heap over the new ids) only past the largest probe so far.</summary>
        private void EnsureCandidates(int entries)
        {
            if (entries <= _candidateIds.Length) return;
            int capacity = Math.Max(entries, 2 * _candidateIds.Length);
            _candidateIds = new long[capacity];
            _candidateList = new int[capacity];
            _candidateSlot = new int[capacity];
            _heap = new TopKHeaps(1, _kept, _candidateIds);
        }
    }
}
