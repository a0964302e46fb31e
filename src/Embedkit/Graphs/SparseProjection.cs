using System.IO.Hashing;
using System.Text;

namespace Embedkit.Graphs;

/// <summary>
/// FastRP's very sparse random projection U₀ = diag(deg^β)·R, kept sparse (CSR) because only a share
/// s of its entries is non-zero. Node v's row comes from a stream seeded by (seed, id of v): positions
/// of non-zeros are drawn by geometric skips (each entry independently non-zero with probability s),
/// each with a random sign, so the row does not depend on thread count or node order.
/// </summary>
internal sealed class SparseProjection
{
    private readonly int[] _offsets;
    private readonly int[] _index;
    private readonly float[] _value;

    private SparseProjection(int[] offsets, int[] index, float[] value)
    {
        _offsets = offsets;
        _index = index;
        _value = value;
    }

    /// <summary>Draws the projection; also fills <paramref name="inverseDegree"/> (0 for nodes without out-arcs).</summary>
    public static SparseProjection Create(CsrGraph graph, FastRPOptions options, float[] inverseDegree, ParallelOptions parallel, int blocks)
    {
        int n = graph.NodeCount;
        int d = options.Dimension;
        double density = FastRP.EffectiveDensity(options, n);
        double magnitude = Math.Sqrt(1.0 / density) / Math.Sqrt(d);
        var seeds = new ulong[n];
        var counts = new int[n + 1];
        var scale = new float[n];
        Parallel.For(0, blocks, parallel, b =>
        {
            int end = Math.Min(n, (b + 1) * BlockSize(n, blocks));
            for (int v = b * BlockSize(n, blocks); v < end; v++)
            {
                double degree = graph.WeightedOutDegree(v);
                inverseDegree[v] = degree > 0 ? (float)(1.0 / degree) : 0f;
                scale[v] = (float)(magnitude * (degree > 0 ? Math.Pow(degree, options.NormalizationStrength) : 1.0));
                seeds[v] = Seed(graph.NodeIds[v], options.Seed);
                var stream = new Stream(seeds[v], density, d);
                int count = 0;
                while (stream.Next(out _)) count++;
                counts[v + 1] = count;
            }
        });
        var offsets = new int[n + 1];
        for (int v = 0; v < n; v++) offsets[v + 1] = checked(offsets[v] + counts[v + 1]);
        var index = new int[offsets[n]];
        var value = new float[offsets[n]];
        Parallel.For(0, blocks, parallel, b =>
        {
            int end = Math.Min(n, (b + 1) * BlockSize(n, blocks));
            for (int v = b * BlockSize(n, blocks); v < end; v++)
            {
                var stream = new Stream(seeds[v], density, d);
                for (int k = offsets[v]; stream.Next(out bool negative); k++)
                {
                    index[k] = stream.Position;
                    value[k] = negative ? -scale[v] : scale[v];
                }
            }
        });
        return new SparseProjection(offsets, index, value);
    }

    /// <summary>row = (1/deg_v) Σ_u w_vu · U₀[u] (the first hop, computed from the sparse rows).</summary>
    public void Propagate(CsrGraph graph, int v, float inverseDegree, Span<float> row)
    {
        row.Clear();
        ReadOnlySpan<int> neighbors = graph.Neighbors(v);
        ReadOnlySpan<float> weights = graph.NeighborWeights(v);
        for (int k = 0; k < neighbors.Length; k++)
        {
            int u = neighbors[k];
            float w = weights.IsEmpty ? 1f : weights[k];
            for (int e = _offsets[u]; e < _offsets[u + 1]; e++) row[_index[e]] += w * _value[e];
        }
        for (int j = 0; j < row.Length; j++) row[j] *= inverseDegree;
    }

    /// <summary>destination[v] += weight · U₀[v] / ‖U₀[v]‖ (or without the norm) for every row.</summary>
    public void AddRowsTo(float[] destination, int d, float weight, bool normalize, ParallelOptions parallel, int blocks)
    {
        int n = _offsets.Length - 1;
        Parallel.For(0, blocks, parallel, b =>
        {
            int end = Math.Min(n, (b + 1) * BlockSize(n, blocks));
            for (int v = b * BlockSize(n, blocks); v < end; v++)
            {
                float factor = weight;
                if (normalize)
                {
                    double sq = 0;
                    for (int e = _offsets[v]; e < _offsets[v + 1]; e++) sq += (double)_value[e] * _value[e];
                    if (sq == 0) continue;
                    factor = (float)(weight / Math.Sqrt(sq));
                }
                for (int e = _offsets[v]; e < _offsets[v + 1]; e++) destination[v * d + _index[e]] += factor * _value[e];
            }
        });
    }

    private static int BlockSize(int n, int blocks) => (n + blocks - 1) / blocks;

    private static ulong Seed(string id, ulong seed)
    {
        int bytes = Encoding.UTF8.GetByteCount(id);
        Span<byte> utf8 = bytes <= 512 ? stackalloc byte[bytes] : new byte[bytes];
        Encoding.UTF8.GetBytes(id, utf8);
        return XxHash64.HashToUInt64(utf8, (long)seed);
    }

    /// <summary>The non-zero positions of one row: geometric gaps with success probability s, and a sign each.</summary>
    private struct Stream(ulong seed, double density, int dimension)
    {
        private SplitMix64 _random = new(seed);
        private readonly double _logMiss = density < 1 ? Math.Log(1 - density) : double.NegativeInfinity;

        public int Position { get; private set; } = -1;

        public bool Next(out bool negative)
        {
            ulong bits = _random.NextUInt64();
            negative = (bits & 1) != 0;
            double u = ((bits >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]
            double gap = Math.Floor(Math.Log(u) / _logMiss); // −0 when density is 1
            if (gap >= dimension - Position - 1) { Position = dimension; return false; }
            Position += 1 + (int)gap;
            return true;
        }
    }
}
