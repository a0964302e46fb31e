using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Embedkit.Search;

public sealed partial class FlatIndex
{
    private const int TileQueries = DotKernels.TileQueries;
    private const int TileRows = DotKernels.TileRows;

    /// <summary>
    /// Bytes of queries a worker takes at once (about 670 queries of 784 floats): the stored vectors are
    /// streamed from memory once per block, so the larger the block the less memory traffic, as long as
    /// the block stays in the L3 cache.
    /// </summary>
    private const int BlockQueryBytes = 2 << 20;

    /// <summary>Bytes of stored rows scanned per pass over a block's query tiles: they are read from memory once and then from L2.</summary>
    private const int ChunkBytes = 512 << 10;

    /// <summary>Bound on one worker's heaps, which decides the query block size when k is large.</summary>
    private const long MaxHeapBytes = 4 << 20;

    /// <summary>The kernel width searches use; tests set it to compare widths.</summary>
    internal KernelWidth Width { get; set; } = DotKernels.Best;

    /// <inheritdoc/>
    /// <remarks>
    /// Each worker takes a block of queries (about 2 MB of them) and streams the stored vectors past it about
    /// 512 KB at a time, computing 6 × 4 dot products per kernel call (<see cref="DotKernels"/>) and keeping
    /// each query's best 2k + 16 candidates in a bounded heap; these are then scored exactly in double
    /// precision and the best k returned. Workers share nothing, and each score is computed the same way wherever it falls, so results
    /// are identical for any <see cref="SearchParameters.Threads"/>.
    /// </remarks>
    public unsafe void Search(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, SearchParameters? parameters = null)
    {
        int n = VectorChecks.CheckSearch(queries, k, ids.Length, scores.Length, Dimension);
        parameters ??= SearchParameters.Default;
        parameters.Validate();
        VectorChecks.CheckRows(queries, Dimension, Metric, "queries");
        if (n == 0) return;

        int threads = parameters.EffectiveThreads;
        int candidates = (int)Math.Max(1, Math.Min(_count, 2L * k + 16));
        int blockQueries = BlockQueries(n, candidates, threads, _stride);
        int blocks = (n + blockQueries - 1) / blockQueries;
        int workers = Math.Min(threads, blocks);
        KernelWidth width = Width;
        long[] idOf = _ids;
        fixed (float* q = queries)
        fixed (long* i = ids)
        fixed (float* s = scores)
        {
            nint qp = (nint)q, ip = (nint)i, sp = (nint)s;
            int next = -1;
            void Work()
            {
                var scratch = new FlatSearchScratch(blockQueries, _stride, candidates, idOf);
                int block;
                while ((block = Interlocked.Increment(ref next)) < blocks)
                {
                    int first = block * blockQueries;
                    int count = Math.Min(blockQueries, n - first);
                    SearchBlock(
                        new ReadOnlySpan<float>((float*)qp + (long)first * Dimension, count * Dimension), k,
                        new Span<long>((long*)ip + (long)first * k, count * k),
                        new Span<float>((float*)sp + (long)first * k, count * k),
                        scratch, width);
                }
            }
            if (workers == 1) Work();
            else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }
    }

    /// <summary>Queries per block: a multiple of 6, about 2 MB of them, fewer when k is large (heap memory) or there are few queries per thread.</summary>
    private static int BlockQueries(int n, int candidates, int threads, int stride)
    {
        int tiles = Math.Max(1, BlockQueryBytes / (TileQueries * stride * sizeof(float)));
        while (tiles > 1 && (long)tiles * TileQueries * candidates * (sizeof(float) + sizeof(int)) > MaxHeapBytes) tiles /= 2;
        int perThread = ((n + threads - 1) / threads + TileQueries - 1) / TileQueries;
        return Math.Max(1, Math.Min(tiles, perThread)) * TileQueries;
    }

    /// <summary>Searches one block of queries against every stored vector and writes their results.</summary>
    private void SearchBlock(ReadOnlySpan<float> queries, int k, Span<long> ids, Span<float> scores, FlatSearchScratch scratch, KernelWidth width)
    {
        int d = Dimension, stride = _stride;
        int n = queries.Length / d;
        int tiles = (n + TileQueries - 1) / TileQueries;
        PrepareQueries(queries, n, tiles * TileQueries, scratch.Queries.Span);
        TopKHeaps heaps = scratch.Heaps;
        heaps.Reset(n);
        scratch.Thresholds.AsSpan(0, n).Fill(float.PositiveInfinity);

        ReadOnlySpan<float> stored = _rows.Span;
        ReadOnlySpan<float> padded = scratch.Queries.Span;
        int rows = (_count + TileRows - 1) / TileRows * TileRows;
        int chunkRows = Math.Max(1, ChunkBytes / (TileRows * stride * sizeof(float))) * TileRows;
        for (int chunk = 0; chunk < rows; chunk += chunkRows)
        {
            int end = Math.Min(rows, chunk + chunkRows);
            for (int t = 0; t < tiles; t++)
            {
                ReadOnlySpan<float> tileQueries = padded.Slice(t * TileQueries * stride, TileQueries * stride);
                int valid = Math.Min(TileQueries, n - t * TileQueries);
                for (int r = chunk; r < end; r += TileRows)
                {
                    DotKernels.Tile(tileQueries, stored.Slice(r * stride, TileRows * stride), stride, scratch.Tile, width);
                    Select(scratch, t * TileQueries, valid, r);
                }
            }
        }

        for (int q = 0; q < n; q++)
            Rank(padded.Slice(q * stride, d), heaps, q, k, ids.Slice(q * k, k), scores.Slice(q * k, k), scratch);
    }

    /// <summary>Copies the block's queries into padded rows (unit-normalised under cosine); padding rows and columns are zero.</summary>
    private void PrepareQueries(ReadOnlySpan<float> queries, int n, int paddedCount, Span<float> buffer)
    {
        int d = Dimension, stride = _stride;
        buffer[..(paddedCount * stride)].Clear();
        for (int q = 0; q < n; q++)
        {
            ReadOnlySpan<float> source = queries.Slice(q * d, d);
            Span<float> row = buffer.Slice(q * stride, d);
            if (Metric == Metric.Cosine)
            {
                double norm = Math.Sqrt(VectorChecks.SquaredNorm(source));
                for (int c = 0; c < d; c++) row[c] = (float)(source[c] / norm);
            }
            else
            {
                source.CopyTo(row);
            }
        }
    }

    /// <summary>
    /// Turns one tile of dot products into keys (lower is better: ‖x‖² − 2q·x for L2, which ranks as the
    /// distance does, or −q·x) and offers those that can enter a query's candidates to its heap. Four keys
    /// of a query are compared with its threshold at once; most tiles offer nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Select(FlatSearchScratch scratch, int firstQuery, int queries, int firstSlot)
    {
        ref float tile = ref MemoryMarshal.GetArrayDataReference(scratch.Tile);
        float[] thresholds = scratch.Thresholds;
        uint valid = (1u << Math.Min(TileRows, _count - firstSlot)) - 1;
        bool l2 = Metric == Metric.L2;
        Vector128<float> norms = l2 ? Vector128.Create(_norms.AsSpan(firstSlot, TileRows)) : default;
        for (int i = 0; i < queries; i++)
        {
            int q = firstQuery + i;
            Vector128<float> dots = Vector128.LoadUnsafe(ref tile, (nuint)(i * TileRows));
            Vector128<float> keys = l2 ? Vector128.FusedMultiplyAdd(dots, Vector128.Create(-2f), norms) : -dots;
            uint mask = Vector128.LessThanOrEqual(keys, Vector128.Create(thresholds[q])).ExtractMostSignificantBits() & valid;
            if (mask == 0) continue;
            TopKHeaps heaps = scratch.Heaps;
            do
            {
                int j = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                float key = keys.GetElement(j);
                if (key <= thresholds[q])
                {
                    heaps.Offer(q, key, firstSlot + j);
                    thresholds[q] = heaps.Threshold(q);
                }
            }
            while (mask != 0);
        }
    }

    /// <summary>Scores query <paramref name="q"/>'s candidates exactly and writes the best k (then lower id), filling the rest with id −1.</summary>
    private void Rank(ReadOnlySpan<float> query, TopKHeaps heaps, int q, int k, Span<long> ids, Span<float> scores, FlatSearchScratch scratch)
    {
        int found = heaps.Drain(q, scratch.Slots, scratch.Keys);
        Span<(double Score, long Id)> ranked = scratch.Ranked.AsSpan(0, found);
        bool l2 = Metric == Metric.L2;
        for (int j = 0; j < found; j++)
        {
            ReadOnlySpan<float> row = Slot(scratch.Slots[j]);
            double score = l2 ? DotKernels.ExactSquaredDistance(query, row) : -DotKernels.ExactDot(query, row);
            ranked[j] = (score, _ids[scratch.Slots[j]]);
        }
        ranked.Sort(static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Id.CompareTo(b.Id));
        int take = Math.Min(k, found);
        for (int j = 0; j < take; j++)
        {
            ids[j] = ranked[j].Id;
            scores[j] = (float)(l2 ? ranked[j].Score : -ranked[j].Score);
        }
        ids[take..].Fill(VectorChecks.NoId);
        scores[take..].Fill(Metric.ScoreKind().WorstScore());
    }
}
