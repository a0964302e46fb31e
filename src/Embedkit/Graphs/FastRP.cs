using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Embedkit.Graphs;

/// <summary>
/// FastRP (Chen et al. 2019, "Fast and Accurate Network Embeddings via Very Sparse Random
/// Projection"), computed as the reference code (GTmac/FastRP) does:
/// <list type="number">
/// <item>M = D⁻¹A, the row-normalised weighted adjacency (D = weighted out-degrees);</item>
/// <item>R, an n × d very sparse random projection: each entry is +√(1/s)/√d or −√(1/s)/√d with
/// probability s/2 each and 0 otherwise, s being the density (1/√n by default);</item>
/// <item>U₀ = diag(deg^β)·R and Uᵢ = M·Uᵢ₋₁ for i = 1..q, q = number of iteration weights;</item>
/// <item>U = Σ wᵢ·normalize(Uᵢ) (rows L2-normalised when <see cref="FastRPOptions.NormalizeHops"/>),
/// plus the node self-influence term on U₀;</item>
/// <item>finally each column is standardised (or rows L2-normalised, or nothing).</item>
/// </list>
/// Node i's row of R is drawn from a stream seeded by (seed, id of node i), and each output row is
/// computed by one thread in a fixed order, so the output is bit-identical for any thread count.
/// A node with no out-arcs gets a zero row in every hop; after standardisation its vector is finite.
/// Memory: three n × d float32 buffers plus the graph.
/// </summary>
public static class FastRP
{
    private const int RowBlock = 256;

    /// <summary>Computes FastRP embeddings of every node of <paramref name="graph"/>.</summary>
    /// <exception cref="InvalidInputException">An option is out of range or the graph is empty.</exception>
    public static EmbeddingSet Embed(CsrGraph graph, FastRPOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = graph.NodeCount;
        int d = options.Dimension;
        if (n == 0) ThrowHelper.InvalidInput("the graph has no nodes", source);
        long cells = (long)n * d;
        if (cells > Array.MaxLength)
            ThrowHelper.InvalidInput($"{n} nodes × dimension {d} = {cells} values exceeds one buffer's limit of {Array.MaxLength}; lower --dim", field: "dimension");

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        int blocks = (n + RowBlock - 1) / RowBlock;

        Report(progress, "random projection", 0, n);
        var inverseDegree = new float[n];
        var projection = SparseProjection.Create(graph, options, inverseDegree, parallel, blocks);
        Report(progress, "random projection", n, n);

        // Unless something must add into zeros first, the first weighted hop overwrites every row of the
        // result, so it need not be zeroed (nor, on a fresh heap, page-faulted twice).
        bool overwrite = options.NodeSelfInfluence == 0 && options.IterationWeights.Any(w => w != 0);
        float[] result = overwrite ? GC.AllocateUninitializedArray<float>((int)cells) : new float[cells];
        if (options.NodeSelfInfluence != 0)
            projection.AddRowsTo(result, d, (float)options.NodeSelfInfluence, options.NormalizeHops, parallel, blocks);

        // The two hop buffers are rented: every row is overwritten before it is read, and a process that
        // embeds repeatedly (parameter sweeps, benchmarks) then reuses memory it has already faulted in.
        float[] current = ArrayPool<float>.Shared.Rent((int)cells);
        float[] next = ArrayPool<float>.Shared.Rent((int)cells);
        int hops = options.IterationWeights.Count;
        for (int hop = 0; hop < hops; hop++)
        {
            string stage = $"hop {hop + 1}/{hops}";
            long done = 0;
            bool first = hop == 0;
            float[] input = current;
            float[] output = next;
            Parallel.For(0, blocks, parallel, b =>
            {
                int end = Math.Min(n, (b + 1) * RowBlock);
                for (int v = b * RowBlock; v < end; v++)
                {
                    Span<float> row = output.AsSpan(v * d, d);
                    if (first) projection.Propagate(graph, v, inverseDegree[v], row);
                    else Propagate(graph, input, v, d, inverseDegree[v], row);
                }
                Report(progress, stage, Interlocked.Add(ref done, end - b * RowBlock), n);
            });
            float weight = (float)options.IterationWeights[hop];
            if (weight != 0)
            {
                AddRowsTo(output, result, n, d, weight, options.NormalizeHops, overwrite, parallel, blocks);
                overwrite = false;
            }
            (current, next) = (next, current);
        }
        ArrayPool<float>.Shared.Return(next);
        ArrayPool<float>.Shared.Return(current);

        Report(progress, "normalize", 0, n);
        switch (options.FinalNormalization)
        {
            case FastRPFinalNormalization.Standardize:
                StandardizeColumns(result, n, d, parallel, blocks);
                break;
            case FastRPFinalNormalization.L2:
                Parallel.For(0, blocks, parallel, b =>
                {
                    int end = Math.Min(n, (b + 1) * RowBlock);
                    for (int v = b * RowBlock; v < end; v++) NormalizeRow(result.AsSpan(v * d, d));
                });
                break;
        }
        Report(progress, "normalize", n, n);
        if (!TensorPrimitives.IsFiniteAll<float>(result.AsSpan(0, (int)cells)))
            ThrowHelper.InvalidInput(
                "the embedding overflowed float32 (infinite or NaN values): degree^β or the iteration weights are too large; use a smaller |--beta| or smaller weights",
                source, field: "NormalizationStrength");
        return new EmbeddingSet(graph.NodeIds, d, result, Describe(options, graph, source));
    }

    /// <summary>The density the projection uses for a graph of <paramref name="nodeCount"/> nodes.</summary>
    public static double EffectiveDensity(FastRPOptions options, int nodeCount) =>
        options.ProjectionDensity ?? 1.0 / Math.Sqrt(Math.Max(1, nodeCount));

    /// <summary>
    /// row = (1/deg_v) Σ_u w_vu · current[u], neighbours summed in CSR order (deterministic). Columns are
    /// taken 64 at a time with the partial sums held in registers, so each neighbour row is read once and
    /// the output written once.
    /// </summary>
    private static void Propagate(CsrGraph graph, float[] current, int v, int d, float inverseDegree, Span<float> row)
    {
        ReadOnlySpan<int> neighbors = graph.Neighbors(v);
        ReadOnlySpan<float> weights = graph.NeighborWeights(v);
        int col = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; col + GatherKernel.Width <= d; col += GatherKernel.Width)
                GatherKernel.Sum(current, d, col, neighbors, weights, inverseDegree, row.Slice(col, GatherKernel.Width));
        if (col == d) return;
        Span<float> tail = row[col..];
        tail.Clear();
        for (int k = 0; k < neighbors.Length; k++)
        {
            ReadOnlySpan<float> source = current.AsSpan(neighbors[k] * d + col, d - col);
            if (weights.IsEmpty) TensorPrimitives.Add(tail, source, tail);
            else TensorPrimitives.MultiplyAdd(source, weights[k], tail, tail);
        }
        TensorPrimitives.Multiply(tail, inverseDegree, tail);
    }

    /// <summary>destination[v] += weight · source[v] / ‖source[v]‖ (or without the norm) for every row.</summary>
    /// <summary>
    /// destination[v] += weight · source[v] / ‖source[v]‖ (or without the norm) for every row; with
    /// <paramref name="overwrite"/>, destination[v] = that term instead (zero for a zero row).
    /// </summary>
    private static void AddRowsTo(float[] source, float[] destination, int n, int d, float weight, bool normalize, bool overwrite,
        ParallelOptions parallel, int blocks) =>
        Parallel.For(0, blocks, parallel, b =>
        {
            int end = Math.Min(n, (b + 1) * RowBlock);
            for (int v = b * RowBlock; v < end; v++)
            {
                ReadOnlySpan<float> row = source.AsSpan(v * d, d);
                Span<float> target = destination.AsSpan(v * d, d);
                float factor = weight;
                if (normalize)
                {
                    float norm = TensorPrimitives.Norm(row);
                    factor = norm == 0 ? 0 : weight / norm;
                }
                if (overwrite) TensorPrimitives.Multiply(row, factor, target);
                else if (factor != 0) TensorPrimitives.MultiplyAdd(row, factor, target, target);
            }
        });

    private static void NormalizeRow(Span<float> row)
    {
        float norm = TensorPrimitives.Norm(row);
        if (norm > 0) TensorPrimitives.Multiply(row, 1f / norm, row);
    }

    /// <summary>
    /// (x − mean) / std per column with the population std, as sklearn's <c>scale</c>; a column with zero
    /// variance is only centred. Two passes (mean, then squared deviations): each fixed block of 256 rows
    /// sums its rows in float with SIMD, and the block sums are added in double in block order, so the
    /// result does not depend on the thread count.
    /// </summary>
    private static void StandardizeColumns(float[] data, int n, int d, ParallelOptions parallel, int blocks)
    {
        var partial = new float[(long)blocks * d];
        Parallel.For(0, blocks, parallel, b =>
        {
            Span<float> sums = partial.AsSpan(b * d, d);
            int end = Math.Min(n, (b + 1) * RowBlock);
            for (int v = b * RowBlock; v < end; v++) TensorPrimitives.Add(sums, data.AsSpan(v * d, d), sums);
        });
        float[] mean = ReduceBlocks(partial, blocks, d, 1.0 / n, static x => x);

        Array.Clear(partial);
        Parallel.For(0, blocks, parallel, b =>
        {
            Span<float> sums = partial.AsSpan(b * d, d);
            float[] buffer = new float[d];
            int end = Math.Min(n, (b + 1) * RowBlock);
            for (int v = b * RowBlock; v < end; v++)
            {
                TensorPrimitives.Subtract(data.AsSpan(v * d, d), mean, buffer);
                TensorPrimitives.MultiplyAdd(buffer, buffer, sums, sums);
            }
        });
        float[] scale = ReduceBlocks(partial, blocks, d, 1.0 / n, static variance => variance > 0 ? 1.0 / Math.Sqrt(variance) : 1.0);

        Parallel.For(0, blocks, parallel, b =>
        {
            int end = Math.Min(n, (b + 1) * RowBlock);
            for (int v = b * RowBlock; v < end; v++)
            {
                Span<float> row = data.AsSpan(v * d, d);
                TensorPrimitives.Subtract(row, mean, row);
                TensorPrimitives.Multiply(row, scale, row);
            }
        });
    }

    /// <summary>f(factor · Σ_b partial[b]) per column, the block sums added in double in block order.</summary>
    private static float[] ReduceBlocks(float[] partial, int blocks, int d, double factor, Func<double, double> f)
    {
        var total = new double[d];
        for (int b = 0; b < blocks; b++)
            for (int j = 0; j < d; j++) total[j] += partial[b * d + j];
        var result = new float[d];
        for (int j = 0; j < d; j++) result[j] = (float)f(total[j] * factor);
        return result;
    }

    private static void Report(IProgress<ProgressReport>? progress, string stage, long completed, long total) =>
        progress?.Report(new ProgressReport(stage, completed, total));

    private static Provenance Describe(FastRPOptions o, CsrGraph graph, string? source)
    {
        int n = graph.NodeCount;
        var inv = CultureInfo.InvariantCulture;
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("dimension", o.Dimension.ToString(inv)),
            new("iteration_weights", string.Join(",", o.IterationWeights.Select(w => w.ToString("R", inv)))),
            new("normalization_strength", o.NormalizationStrength.ToString("R", inv)),
            new("projection_density", EffectiveDensity(o, n).ToString("R", inv)),
            new("normalize_hops", o.NormalizeHops ? "true" : "false"),
            new("final_normalization", o.FinalNormalization.ToString().ToLowerInvariant()),
            new("node_self_influence", o.NodeSelfInfluence.ToString("R", inv)),
            new("graph", $"{n} nodes, {graph.ArcCount} arcs, {(graph.Directed ? "directed" : "undirected")}{(graph.IsWeighted ? ", weighted" : "")}"),
        };
        return new Provenance("fastrp", parameters, o.Seed, source);
    }
}
