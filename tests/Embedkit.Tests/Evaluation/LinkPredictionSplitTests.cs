using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.Tests.Graphs;

namespace Embedkit.Tests.Evaluation;

public class LinkPredictionSplitTests
{
    private static CsrGraph Read(string data) => EdgeListReader.Read(GraphTestFiles.DataFile(data), new EdgeListOptions()).Graph;

    private static HashSet<(int, int)> EdgeSet(CsrGraph g)
    {
        var set = new HashSet<(int, int)>();
        for (int u = 0; u < g.NodeCount; u++)
            foreach (int v in g.Neighbors(u))
                if (u < v) set.Add((u, v));
        return set;
    }

    /// <summary>Connected components by breadth-first search (a reference independent of the split's union-find).</summary>
    private static int Components(CsrGraph g)
    {
        var seen = new bool[g.NodeCount];
        int components = 0;
        var queue = new Queue<int>();
        for (int s = 0; s < g.NodeCount; s++)
        {
            if (seen[s]) continue;
            components++;
            seen[s] = true;
            queue.Enqueue(s);
            while (queue.Count > 0)
                foreach (int v in g.Neighbors(queue.Dequeue()))
                    if (!seen[v]) { seen[v] = true; queue.Enqueue(v); }
        }
        return components;
    }

    [Theory]
    [InlineData("karate/edges.tsv", true)]
    [InlineData("karate/edges.tsv", false)]
    [InlineData("cora/edges.tsv.gz", true)]
    public void Split_HasTheProtocolsProperties(string data, bool keepConnected)
    {
        CsrGraph g = Read(data);
        var split = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions { KeepConnected = keepConnected });
        HashSet<(int, int)> full = EdgeSet(g), residual = EdgeSet(split.Residual);
        int m = full.Count;
        Assert.Equal(m, split.EdgeCount);
        Assert.Equal((int)Math.Round(0.5 * m, MidpointRounding.AwayFromZero), split.RequestedHeldOutEdges);
        Assert.Same(g.NodeIds, split.NodeIds); // same ids, same order: embeddings of the residual line up

        var testPos = split.TestPairs.Where(p => p.IsEdge).Select(p => (p.U, p.V)).ToList();
        var testNeg = split.TestPairs.Where(p => !p.IsEdge).Select(p => (p.U, p.V)).ToList();
        var trainPos = split.TrainPairs.Where(p => p.IsEdge).Select(p => (p.U, p.V)).ToList();
        var trainNeg = split.TrainPairs.Where(p => !p.IsEdge).Select(p => (p.U, p.V)).ToList();
        Assert.All(split.TestPairs.Concat(split.TrainPairs), p => Assert.True(p.U < p.V));
        Assert.Equal(split.HeldOutEdges, testPos.Count);
        Assert.Equal(testPos.Count, testNeg.Count);
        Assert.Equal(Math.Min(testPos.Count, residual.Count), trainPos.Count);
        Assert.Equal(trainPos.Count, trainNeg.Count);

        // Held-out edges are edges of the graph and absent from the residual, which holds all the others.
        Assert.All(testPos, e => Assert.Contains(e, full));
        Assert.All(testPos, e => Assert.DoesNotContain(e, residual));
        Assert.Equal(m - testPos.Count, residual.Count);
        Assert.True(residual.IsSubsetOf(full));
        Assert.Equal(residual.Count, split.ResidualEdgeCount);
        // Training positives are residual edges; negatives are non-edges of the FULL graph.
        Assert.All(trainPos, e => Assert.Contains(e, residual));
        Assert.All(testNeg.Concat(trainNeg), e => Assert.DoesNotContain(e, full));
        // Every pair is distinct, and train negatives are disjoint from test negatives.
        var all = testPos.Concat(testNeg).Concat(trainPos).Concat(trainNeg).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());

        if (keepConnected) Assert.Equal(Components(g), Components(split.Residual));
        else Assert.Equal(split.RequestedHeldOutEdges, split.HeldOutEdges);
    }

    [Fact]
    public void Cora_KeepsAll78Components()
    {
        // Cora has 78 connected components (2,708 nodes, 5,278 edges); a spanning forest of 2,630 edges keeps them.
        CsrGraph g = Read("cora/edges.tsv.gz");
        Assert.Equal(78, Components(g));
        var split = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions());
        Assert.Equal(78, Components(split.Residual));
        Assert.Equal(2639, split.HeldOutEdges); // 5,278 − 2,630 = 2,648 removable ≥ 2,639 requested
        Assert.Empty(split.Warnings);
    }

    [Fact]
    public void SameSeed_GivesTheSameSplit_AndAnotherSeedDiffers()
    {
        CsrGraph g = Read("karate/edges_weighted.tsv");
        var a = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions { Seed = 7 });
        var b = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions { Seed = 7 });
        var c = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions { Seed = 8 });
        Assert.Equal(a.TestPairs, b.TestPairs);
        Assert.Equal(a.TrainPairs, b.TrainPairs);
        Assert.Equal(a.Residual.Offsets.ToArray(), b.Residual.Offsets.ToArray());
        Assert.Equal(a.Residual.Targets.ToArray(), b.Residual.Targets.ToArray());
        Assert.Equal(a.Residual.Weights.ToArray(), b.Residual.Weights.ToArray());
        Assert.NotEqual(a.TestPairs, c.TestPairs);
        Assert.NotEqual(a.TrainPairs, c.TrainPairs);
    }

    [Fact]
    public void Residual_KeepsTheWeightsOfItsEdges()
    {
        CsrGraph g = Read("karate/edges_weighted.tsv");
        var split = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions());
        CsrGraph r = split.Residual;
        Assert.True(r.IsWeighted);
        for (int u = 0; u < r.NodeCount; u++)
        {
            ReadOnlySpan<int> row = r.Neighbors(u);
            for (int i = 0; i < row.Length; i++)
            {
                int at = g.Neighbors(u).BinarySearch(row[i]);
                Assert.True(at >= 0);
                Assert.Equal(g.NeighborWeights(u)[at], r.NeighborWeights(u)[i]);
            }
        }
    }

    [Fact]
    public void FewRemovableEdges_HoldsOutWhatItCan_AndSaysSo()
    {
        // A 6-cycle: its spanning tree needs 5 of the 6 edges, so only 1 of the 3 requested can go.
        CsrGraph cycle = TestGraphs.Undirected(6, [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1), (5, 0, 1)]);
        var split = LinkPredictionSplit.Create(cycle, new LinkPredictionSplitOptions());
        Assert.Equal(3, split.RequestedHeldOutEdges);
        Assert.Equal(1, split.HeldOutEdges);
        string warning = Assert.Single(split.Warnings);
        Assert.Contains("held out only 1 of the requested 3", warning);
        Assert.Equal(1, Components(split.Residual));
    }

    [Fact]
    public void Forest_WithKeepConnected_IsRefused()
    {
        CsrGraph path = TestGraphs.Undirected(4, [(0, 1, 1), (1, 2, 1), (2, 3, 1)]);
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Create(path, new LinkPredictionSplitOptions()));
        Assert.Contains("--no-keep-connected", e.Message);
        var split = LinkPredictionSplit.Create(path, new LinkPredictionSplitOptions { KeepConnected = false });
        Assert.Equal(2, split.HeldOutEdges); // round(1.5) = 2
    }

    [Fact]
    public void DenseGraph_DrawsNegativesFromTheFewNonEdges()
    {
        // K8 less 6 edges: 22 edges, 6 non-edges. Holdout 0.1 → 2 test and 2 training negatives: 4 of the 6,
        // more than half, so they are drawn from the listed non-edges rather than by rejection.
        var missing = new HashSet<(int, int)> { (0, 1), (2, 3), (4, 5), (6, 7), (0, 7), (1, 6) };
        var edges = new List<(int, int, float)>();
        for (int u = 0; u < 8; u++)
            for (int v = u + 1; v < 8; v++)
                if (!missing.Contains((u, v))) edges.Add((u, v, 1));
        CsrGraph g = TestGraphs.Undirected(8, [.. edges]);
        var split = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions { HoldoutFraction = 0.1 });
        var negatives = split.TestPairs.Concat(split.TrainPairs).Where(p => !p.IsEdge).Select(p => (p.U, p.V)).ToList();
        Assert.Equal(4, negatives.Count);
        Assert.Equal(4, negatives.Distinct().Count());
        Assert.All(negatives, p => Assert.Contains(p, missing));
    }

    [Fact]
    public void TooDenseGraph_IsRefused()
    {
        var edges = new List<(int, int, float)>();
        for (int u = 0; u < 5; u++)
            for (int v = u + 1; v < 5; v++) edges.Add((u, v, 1));
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Create(TestGraphs.Undirected(5, [.. edges]), new LinkPredictionSplitOptions()));
        Assert.Contains("too dense", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Options_RefuseHoldoutOutside0To1(double holdout)
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            LinkPredictionSplit.Create(Read("karate/edges.tsv"), new LinkPredictionSplitOptions { HoldoutFraction = holdout }));
        Assert.Equal("HoldoutFraction", e.Field);
        Assert.Contains("--holdout", e.Message);
    }

    [Fact]
    public void Options_Defaults_AreNode2vecs()
    {
        var o = new LinkPredictionSplitOptions();
        Assert.Equal(0.5, o.HoldoutFraction);
        Assert.True(o.KeepConnected);
        Assert.Equal(42UL, o.Seed);
        o.Validate();
    }

    [Fact]
    public void DirectedGraph_IsRefused()
    {
        CsrGraph g = EdgeListReader.Read(GraphTestFiles.DataFile("karate/edges.tsv"), new EdgeListOptions { Directed = true }).Graph;
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions(), "karate.tsv"));
        Assert.Contains("undirected", e.Message);
        Assert.StartsWith("karate.tsv: ", e.Message);
    }

    [Fact]
    public void OneSidedArc_IsRefused()
    {
        // An "undirected" CSR built by hand with the arc 0 → 1 but not 1 → 0.
        var g = new CsrGraph(["a", "b", "c"], [0, 2, 3, 4], [1, 2, 2, 0], null, directed: false);
        Assert.Throws<ArgumentException>(() => LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions()));
    }
}
