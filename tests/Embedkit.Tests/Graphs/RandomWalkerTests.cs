using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

public class RandomWalkerTests
{
    private static CsrGraph Directed(int n, params (int U, int V)[] arcs)
    {
        var offsets = new long[n + 1];
        foreach (var (u, _) in arcs) offsets[u + 1]++;
        for (int i = 0; i < n; i++) offsets[i + 1] += offsets[i];
        var targets = arcs.OrderBy(a => a.U).ThenBy(a => a.V).Select(a => a.V).ToArray();
        return new CsrGraph(Enumerable.Range(0, n).Select(i => i.ToString()).ToArray(), offsets, targets, null, directed: true);
    }

    [Fact]
    public void Walk_FollowsArcs_AndHasTheRequestedLength_OnKarate()
    {
        var graph = EdgeListReader.Read(Cli.CliRunner.Data("karate/edges.tsv"), new EdgeListOptions()).Graph;
        var walker = new RandomWalker(graph);
        var walk = new int[40];
        for (int start = 0; start < graph.NodeCount; start++)
        {
            Assert.Equal(40, walker.Walk(start, 3, walk));
            Assert.Equal(start, walk[0]);
            for (int i = 1; i < walk.Length; i++) Assert.Contains(walk[i], graph.Neighbors(walk[i - 1]).ToArray());
        }
    }

    [Fact]
    public void Walk_DependsOnlyOnSeedStartAndIndex()
    {
        var graph = TestGraphs.Random(100, 400, seed: 1);
        var (a, b, c) = (new int[30], new int[30], new int[30]);
        new RandomWalker(graph, seed: 9).Walk(5, 17, a);
        new RandomWalker(graph, seed: 9).Walk(5, 17, b);
        new RandomWalker(graph, seed: 9).Walk(5, 18, c);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Walk_EndsAtADeadEnd_AndAnIsolatedStartHasLengthOne()
    {
        // 0 → 1 → 2, and 3 has no arc: a walk of up to 10 nodes from 0 is exactly 0, 1, 2.
        var graph = Directed(4, (0, 1), (1, 2));
        var walk = new int[10];
        var walker = new RandomWalker(graph);
        Assert.Equal(3, walker.Walk(0, 0, walk));
        Assert.Equal([0, 1, 2], walk[..3]);
        Assert.Equal(1, walker.Walk(3, 0, walk));
        Assert.Equal(1, new RandomWalker(graph, p: 0.5, q: 2).Walk(3, 0, walk));
    }

    [Fact]
    public void FirstStep_IsProportionalToArcWeight()
    {
        // Node 0's arcs weigh 1, 2 and 7: the first step goes to 1, 2, 3 with probabilities 0.1, 0.2, 0.7.
        var graph = TestGraphs.Undirected(4, [(0, 1, 1f), (0, 2, 2f), (0, 3, 7f)], weighted: true);
        var shares = SecondNodeShares(new RandomWalker(graph), start: 0, walks: 100_000, nodes: 4);
        Assert.Equal(0.1, shares[1], 0.008);
        Assert.Equal(0.2, shares[2], 0.008);
        Assert.Equal(0.7, shares[3], 0.008);
    }

    [Fact]
    public void SecondOrderStep_FollowsNode2vecBias()
    {
        // Edges 0-1, 1-2, 0-2, 1-3. A walk 0 → 1 then weighs (node2vec, Grover & Leskovec 2016, §3.2.2):
        // back to 0 by 1/p = 2, to 2 (adjacent to 0) by 1, to 3 (two hops from 0) by 1/q = 0.5; so the
        // probabilities are 2/3.5, 1/3.5 and 0.5/3.5.
        var graph = TestGraphs.Undirected(4, [(0, 1, 1f), (1, 2, 1f), (0, 2, 1f), (1, 3, 1f)]);
        var shares = ThirdNodeShares(new RandomWalker(graph, p: 0.5, q: 2), start: 0, via: 1, walks: 200_000, nodes: 4);
        Assert.Equal(2 / 3.5, shares[0], 0.008);
        Assert.Equal(1 / 3.5, shares[2], 0.008);
        Assert.Equal(0.5 / 3.5, shares[3], 0.008);
    }

    [Fact]
    public void SecondOrderStep_MultipliesBiasByWeight()
    {
        // As above with weights: 0-1 (1), 1-2 (3), 0-2 (1), 1-3 (4). From 0 → 1: back to 0: 1·2 = 2,
        // to 2: 3·1 = 3, to 3: 4·0.5 = 2; probabilities 2/7, 3/7, 2/7.
        var graph = TestGraphs.Undirected(4, [(0, 1, 1f), (1, 2, 3f), (0, 2, 1f), (1, 3, 4f)], weighted: true);
        var shares = ThirdNodeShares(new RandomWalker(graph, p: 0.5, q: 2), start: 0, via: 1, walks: 200_000, nodes: 4);
        Assert.Equal(2 / 7.0, shares[0], 0.008);
        Assert.Equal(3 / 7.0, shares[2], 0.008);
        Assert.Equal(2 / 7.0, shares[3], 0.008);
    }

    [Fact]
    public void SecondOrderStep_EndsAndStaysExact_WhenRejectionAlmostNeverAccepts()
    {
        // Directed 0→1, 0→2, 1→2, 1→3: from 1 after 0 there is no way back, so with p = 1e-4 (αmax = 10⁴)
        // nearly every candidate is rejected and the exact fallback decides: 2 (adjacent to 0) weighs 1 and
        // 3 weighs 1/q = 0.5, so 2/3 and 1/3.
        var graph = Directed(4, (0, 1), (0, 2), (1, 2), (1, 3));
        var shares = ThirdNodeShares(new RandomWalker(graph, p: 1e-4, q: 2), start: 0, via: 1, walks: 40_000, nodes: 4);
        Assert.Equal(2 / 3.0, shares[2], 0.02);
        Assert.Equal(1 / 3.0, shares[3], 0.02);
    }

    [Fact]
    public void Constructor_Refuses_NonPositivePOrQ_AndNegativeWeights()
    {
        var graph = TestGraphs.Undirected(3, [(0, 1, 1f), (1, 2, -1f)], weighted: true);
        Assert.Equal("ReturnParameter", Assert.Throws<InvalidInputException>(() => new RandomWalker(TestGraphs.Random(5, 4, 1), p: 0)).Field);
        Assert.Equal("InOutParameter", Assert.Throws<InvalidInputException>(() => new RandomWalker(TestGraphs.Random(5, 4, 1), q: -1)).Field);
        Assert.Contains("non-negative", Assert.Throws<InvalidInputException>(() => new RandomWalker(graph)).Message);
    }

    [Fact]
    public void WriteWalks_WritesIdsOfEachWalk_InTrainingOrder()
    {
        var graph = TestGraphs.Undirected(3, [(0, 1, 1f), (1, 2, 1f)], ids: ["a", "b", "c"]);
        var walker = new RandomWalker(graph, seed: 4);
        var writer = new StringWriter();
        walker.WriteWalks(writer, walksPerNode: 2, walkLength: 5);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        var order = new int[3];
        var walk = new int[5];
        for (int round = 0; round < 2; round++)
        {
            RandomWalker.StartOrder([0, 1, 2], 4, round, order);
            for (int i = 0; i < 3; i++)
            {
                walker.Walk(order[i], round, walk);
                Assert.Equal(string.Join(' ', walk.Select(v => graph.NodeIds[v])), lines[round * 3 + i]);
            }
        }
    }

    private static double[] SecondNodeShares(RandomWalker walker, int start, int walks, int nodes)
    {
        var counts = new double[nodes];
        var walk = new int[2];
        for (int w = 0; w < walks; w++) { walker.Walk(start, w, walk); counts[walk[1]]++; }
        return counts.Select(c => c / walks).ToArray();
    }

    private static double[] ThirdNodeShares(RandomWalker walker, int start, int via, int walks, int nodes)
    {
        var counts = new double[nodes];
        var walk = new int[3];
        int kept = 0;
        for (int w = 0; kept < walks; w++)
        {
            walker.Walk(start, w, walk);
            if (walk[1] != via) continue;
            counts[walk[2]]++;
            kept++;
        }
        return counts.Select(c => c / walks).ToArray();
    }
}
