using System.Globalization;
using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.Tests.Graphs;

namespace Embedkit.Tests.Evaluation;

public class LinkHeuristicsTests
{
    // 0–1, 0–2, 1–2, 1–3, 2–3, 3–4: Γ(0) = {1,2}, Γ(1) = {0,2,3}, Γ(2) = {0,1,3}, Γ(3) = {1,2,4}, Γ(4) = {3}.
    private static CsrGraph Small(bool loop = false) =>
        TestGraphs.Undirected(5, [(0, 1, 1), (0, 2, 1), (1, 2, 1), (1, 3, 1), (2, 3, 1), (3, 4, 1), .. loop ? new[] { (1, 1, 1f) } : []]);

    [Fact]
    public void Scores_Match_HandComputation()
    {
        // (0, 3): common {1, 2}, union {1, 2, 4}; |Γ(1)| = |Γ(2)| = 3 → CN 2, J 2/3, AA 2/ln 3, RA 2/3.
        // (1, 4): common {3}, union {0, 2, 3}; |Γ(3)| = 3 → CN 1, J 1/3, AA 1/ln 3, RA 1/3.
        // (0, 4): nothing in common → all 0.
        CsrGraph g = Small();
        Assert.Equal(2, LinkHeuristics.Score(LinkHeuristic.CommonNeighbors, g, 0, 3));
        Assert.Equal(2.0 / 3, LinkHeuristics.Score(LinkHeuristic.Jaccard, g, 0, 3), 15);
        Assert.Equal(2 / Math.Log(3), LinkHeuristics.Score(LinkHeuristic.AdamicAdar, g, 0, 3), 15);
        Assert.Equal(2.0 / 3, LinkHeuristics.Score(LinkHeuristic.ResourceAllocation, g, 3, 0), 15);
        Assert.Equal(1, LinkHeuristics.Score(LinkHeuristic.CommonNeighbors, g, 1, 4));
        Assert.Equal(1.0 / 3, LinkHeuristics.Score(LinkHeuristic.Jaccard, g, 1, 4), 15);
        Assert.Equal(1 / Math.Log(3), LinkHeuristics.Score(LinkHeuristic.AdamicAdar, g, 1, 4), 15);
        Assert.Equal(1.0 / 3, LinkHeuristics.Score(LinkHeuristic.ResourceAllocation, g, 1, 4), 15);
        foreach (LinkHeuristic h in Enum.GetValues<LinkHeuristic>()) Assert.Equal(0, LinkHeuristics.Score(h, g, 0, 4));
    }

    [Fact]
    public void SelfLoops_AreIgnored()
    {
        // A loop on node 1 must change neither Γ(1) nor |Γ(1)|.
        CsrGraph plain = Small(), looped = Small(loop: true);
        foreach (LinkHeuristic h in Enum.GetValues<LinkHeuristic>())
            for (int u = 0; u < 5; u++)
                for (int v = u + 1; v < 5; v++)
                    Assert.Equal(LinkHeuristics.Score(h, plain, u, v), LinkHeuristics.Score(h, looped, u, v));
    }

    [Fact]
    public void Karate_Matches_BruteForce_ForEveryPair()
    {
        // karate_heuristics.tsv: every pair of data/karate/edges.tsv scored from Python sets by
        // make_link_prediction_reference.py (plain Python, no graph library).
        CsrGraph g = EdgeListReader.Read(GraphTestFiles.DataFile("karate/edges.tsv"), new EdgeListOptions()).Graph;
        var index = g.NodeIds.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
        var rows = File.ReadLines(Path.Combine(EvaluationFixtures.Dir, "karate_heuristics.tsv")).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(34 * 33 / 2, rows.Length);
        var pairs = rows.Select(r => new NodePair(index[r[0]], index[r[1]], false)).ToArray();
        LinkHeuristic[] order = [LinkHeuristic.CommonNeighbors, LinkHeuristic.Jaccard, LinkHeuristic.AdamicAdar, LinkHeuristic.ResourceAllocation];
        for (int h = 0; h < order.Length; h++)
        {
            var scores = new double[pairs.Length];
            LinkHeuristics.Score(order[h], g, pairs, scores);
            for (int i = 0; i < rows.Length; i++)
            {
                double expected = double.Parse(rows[i][2 + h], CultureInfo.InvariantCulture);
                Assert.Equal(expected, scores[i], 1e-12);
                Assert.Equal(scores[i], LinkHeuristics.Score(order[h], g, pairs[i].U, pairs[i].V));
            }
        }
    }

    [Fact]
    public void Refuses_DirectedGraphs_AndUnsortedRows()
    {
        var directed = new CsrGraph(["a", "b"], [0, 1, 1], [1], null, directed: true);
        Assert.Throws<InvalidInputException>(() => LinkHeuristics.Score(LinkHeuristic.Jaccard, directed, 0, 1));
        var unsorted = new CsrGraph(["a", "b", "c"], [0, 2, 3, 4], [2, 1, 0, 0], null, directed: false);
        var e = Assert.Throws<ArgumentException>(() => LinkHeuristics.Score(LinkHeuristic.Jaccard, unsorted, 0, 1));
        Assert.Contains("not sorted", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkHeuristics.Score(LinkHeuristic.Jaccard, Small(), 0, 5));
    }
}
