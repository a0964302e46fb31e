using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

public class FastRPTests
{
    /// <summary>R itself: self-influence 1 with no hops, no normalisation and β = 0 returns U = U₀ = R.</summary>
    private static float[] Projection(CsrGraph graph, int d, double? density, ulong seed = 42) =>
        FastRP.Embed(graph, new FastRPOptions
        {
            Dimension = d, IterationWeights = [0.0], NormalizationStrength = 0, NormalizeHops = false,
            FinalNormalization = FastRPFinalNormalization.None, NodeSelfInfluence = 1, ProjectionDensity = density, Seed = seed,
        }).Array;

    /// <summary>
    /// A dense, double-precision transcription of the reference code (GTmac/FastRP fastrp.py):
    /// M = D⁻¹A; U₁ = M·diag(deg^β)·R; Uᵢ = M·Uᵢ₋₁; U = Σ wᵢ·normalize(Uᵢ); sklearn.preprocessing.scale(U).
    /// </summary>
    private static double[,] DenseReference(CsrGraph graph, float[] r, int d, double[] weights, double beta)
    {
        int n = graph.NodeCount;
        var m = new double[n, n];
        var degree = new double[n];
        for (int v = 0; v < n; v++)
        {
            var nb = graph.Neighbors(v);
            var w = graph.NeighborWeights(v);
            for (int k = 0; k < nb.Length; k++) { double x = w.IsEmpty ? 1 : w[k]; m[v, nb[k]] += x; degree[v] += x; }
            for (int u = 0; u < n; u++) if (degree[v] > 0) m[v, u] /= degree[v];
        }
        var cur = new double[n, d];
        for (int v = 0; v < n; v++)
            for (int j = 0; j < d; j++) cur[v, j] = r[v * d + j] * Math.Pow(degree[v], beta);
        var sum = new double[n, d];
        foreach (double weight in weights)
        {
            var next = new double[n, d];
            for (int v = 0; v < n; v++)
                for (int u = 0; u < n; u++)
                    if (m[v, u] != 0)
                        for (int j = 0; j < d; j++) next[v, j] += m[v, u] * cur[u, j];
            cur = next;
            for (int v = 0; v < n; v++)
            {
                double norm = 0;
                for (int j = 0; j < d; j++) norm += cur[v, j] * cur[v, j];
                norm = Math.Sqrt(norm);
                if (norm > 0)
                    for (int j = 0; j < d; j++) sum[v, j] += weight * cur[v, j] / norm;
            }
        }
        for (int j = 0; j < d; j++)
        {
            double mean = 0, variance = 0;
            for (int v = 0; v < n; v++) mean += sum[v, j];
            mean /= n;
            for (int v = 0; v < n; v++) variance += (sum[v, j] - mean) * (sum[v, j] - mean);
            double std = Math.Sqrt(variance / n);
            for (int v = 0; v < n; v++) sum[v, j] = (sum[v, j] - mean) / (std > 0 ? std : 1);
        }
        return sum;
    }

    [Theory]
    [InlineData(false, 16)]
    [InlineData(true, 16)]
    [InlineData(false, 64)]
    [InlineData(true, 64)]
    [InlineData(false, 1)]
    [InlineData(true, 135)]
    public void Embed_MatchesDenseTranscriptionOfReference(bool weighted, int d)
    {
        // d = 64 and 135 run the 64-column register kernel (and its tail); 1 and 16 only the tail path.
        var graph = TestGraphs.Random(60, 180, seed: 7, weighted);
        double[] weights = [0.5, 1.0, 6.67];
        var r = Projection(graph, d, density: 0.3);
        var expected = DenseReference(graph, r, d, weights, beta: -0.64);

        var actual = FastRP.Embed(graph, new FastRPOptions { Dimension = d, IterationWeights = weights, NormalizationStrength = -0.64, ProjectionDensity = 0.3 });

        for (int v = 0; v < graph.NodeCount; v++)
            for (int j = 0; j < d; j++)
                Assert.Equal(expected[v, j], actual.Array[v * d + j], 3e-4);
    }

    [Fact]
    public void Projection_HasSparseSignedEntries_WithTheRequestedDensity()
    {
        // Entries must be 0 or ±sqrt(1/s)/sqrt(d) (sklearn SparseRandomProjection); with s = 0.1, n = 2000, d = 64
        // there are 128,000 entries, of which 12,800 are expected non-zero (σ ≈ 107): accept ±5σ.
        var graph = TestGraphs.Random(2000, 4000, seed: 1);
        var r = Projection(graph, 64, density: 0.1);
        float magnitude = (float)(Math.Sqrt(1 / 0.1) / Math.Sqrt(64));
        int positive = 0, negative = 0;
        foreach (float x in r)
        {
            if (x == magnitude) positive++;
            else if (x == -magnitude) negative++;
            else Assert.Equal(0f, x);
        }
        Assert.InRange(positive + negative, 12800 - 535, 12800 + 535);
        Assert.InRange(positive - negative, -5 * 113, 5 * 113);
    }

    [Fact]
    public void Projection_DefaultDensity_IsOneOverSqrtN()
    {
        var options = new FastRPOptions();
        Assert.Equal(1 / Math.Sqrt(10312), FastRP.EffectiveDensity(options, 10312), 12);
        Assert.Equal(1.0 / 3, FastRP.EffectiveDensity(options with { ProjectionDensity = 1.0 / 3 }, 10312), 12);
    }

    [Fact]
    public void Embed_IsBitIdentical_ForOneAndManyThreads()
    {
        var graph = TestGraphs.Random(3000, 15000, seed: 3, weighted: true);
        var one = FastRP.Embed(graph, new FastRPOptions { Dimension = 72, Threads = 1 });
        var many = FastRP.Embed(graph, new FastRPOptions { Dimension = 72, Threads = 7 });
        Assert.Equal(one.Array, many.Array);
    }

    [Fact]
    public void Embed_DependsOnTheSeed()
    {
        var graph = TestGraphs.Random(200, 800, seed: 3);
        var a = FastRP.Embed(graph, new FastRPOptions { Dimension = 32, Seed = 1 });
        var b = FastRP.Embed(graph, new FastRPOptions { Dimension = 32, Seed = 2 });
        Assert.NotEqual(a.Array, b.Array);
    }

    [Fact]
    public void Embed_GivesEachIdTheSameVector_WhateverTheNodeOrder()
    {
        // Randomness is derived from (seed, node id), so relabelling rows must not change a node's vector
        // beyond float rounding from the different neighbour summation order.
        var edges = new (int, int, float)[] { (0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 0, 1), (0, 2, 1), (3, 4, 1) };
        var forward = TestGraphs.Undirected(5, edges, ids: ["a", "b", "c", "d", "e"]);
        int[] perm = [4, 2, 0, 3, 1]; // new index of old node
        var permuted = TestGraphs.Undirected(5, edges.Select(e => (perm[e.Item1], perm[e.Item2], e.Item3)).ToArray(), ids: ["c", "e", "b", "d", "a"]);
        var options = new FastRPOptions { Dimension = 24, ProjectionDensity = 0.5 };
        var x = FastRP.Embed(forward, options);
        var y = FastRP.Embed(permuted, options);
        for (int old = 0; old < 5; old++)
        {
            Assert.Equal(x.Ids[old], y.Ids[perm[old]]);
            var a = x.Row(old).ToArray();
            var b = y.Row(perm[old]).ToArray();
            for (int j = 0; j < 24; j++) Assert.Equal(a[j], b[j], 1e-5);
        }
    }

    [Fact]
    public void Embed_GivesIsolatedNodesFiniteVectors()
    {
        // Node 3 has no edges: all its hop rows are zero, so after standardisation it sits at −mean/std.
        var graph = TestGraphs.Undirected(4, [(0, 1, 1), (1, 2, 1)]);
        var set = FastRP.Embed(graph, new FastRPOptions { Dimension = 8, ProjectionDensity = 0.5, NodeSelfInfluence = 0.3 });
        Assert.All(set.Array, x => Assert.True(float.IsFinite(x)));
        foreach (var mode in new[] { FastRPFinalNormalization.L2, FastRPFinalNormalization.None })
            Assert.All(FastRP.Embed(graph, new FastRPOptions { Dimension = 8, FinalNormalization = mode }).Array, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void Embed_StandardizesColumns()
    {
        var graph = TestGraphs.Random(500, 2000, seed: 5);
        var set = FastRP.Embed(graph, new FastRPOptions { Dimension = 16 });
        for (int j = 0; j < 16; j++)
        {
            double mean = 0, sq = 0;
            for (int v = 0; v < set.Count; v++) mean += set.Array[v * 16 + j];
            mean /= set.Count;
            for (int v = 0; v < set.Count; v++) sq += Math.Pow(set.Array[v * 16 + j] - mean, 2);
            Assert.Equal(0, mean, 1e-5);
            Assert.Equal(1, Math.Sqrt(sq / set.Count), 1e-4);
        }
    }

    [Fact]
    public void Embed_L2Normalization_GivesUnitRows()
    {
        var graph = TestGraphs.Random(100, 400, seed: 5);
        var set = FastRP.Embed(graph, new FastRPOptions { Dimension = 16, FinalNormalization = FastRPFinalNormalization.L2 });
        for (int v = 0; v < set.Count; v++)
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(set.Row(v)), 1e-5f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Embed_Rejects_NonPositiveDimension(int d)
    {
        var graph = TestGraphs.Random(10, 20, seed: 1);
        var e = Assert.Throws<InvalidInputException>(() => FastRP.Embed(graph, new FastRPOptions { Dimension = d }));
        Assert.Contains("--dim", e.Message);
    }

    [Fact]
    public void Embed_Rejects_NonFiniteWeightsAndBadDensity()
    {
        var graph = TestGraphs.Random(10, 20, seed: 1);
        Assert.Throws<InvalidInputException>(() => FastRP.Embed(graph, new FastRPOptions { IterationWeights = [1, double.NaN] }));
        Assert.Throws<InvalidInputException>(() => FastRP.Embed(graph, new FastRPOptions { IterationWeights = [] }));
        Assert.Throws<InvalidInputException>(() => FastRP.Embed(graph, new FastRPOptions { ProjectionDensity = 0 }));
        Assert.Throws<InvalidInputException>(() => FastRP.Embed(graph, new FastRPOptions { ProjectionDensity = 1.5 }));
    }

    [Fact]
    public void Embed_RecordsProvenance()
    {
        var graph = TestGraphs.Random(10, 20, seed: 1);
        var set = FastRP.Embed(graph, new FastRPOptions { Dimension = 8, Seed = 9 }, source: "g.tsv");
        Assert.Equal("fastrp", set.Provenance.Method);
        Assert.Equal(9UL, set.Provenance.Seed);
        Assert.Equal("g.tsv", set.Provenance.Source);
        Assert.Equal("0,0,1,6.67", set.Provenance["iteration_weights"]);
    }
}
