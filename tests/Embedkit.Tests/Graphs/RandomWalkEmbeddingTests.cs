using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.SkipGram;
using Embedkit.Tests.Cli;

namespace Embedkit.Tests.Graphs;

public class RandomWalkEmbeddingTests
{
    private static readonly NodeClassificationOptions Protocol = new() { TrainRatios = [0.5], Repeats = 3, C = 1 };

    private static double MicroF1At50(EmbeddingSet embeddings, string labelsFile)
    {
        var labels = LabelReader.Read(CliRunner.Data(labelsFile), embeddings.Ids).Labels;
        return NodeClassificationEvaluator.Evaluate(embeddings, labels, Protocol).Ratios[0].MicroF1;
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.25, 0.25)]
    public void Cora_ReachesPublishedAccuracy_WithFewWalks(double p, double q)
    {
        // DeepWalk on Cora classifies about 80% of nodes right with half of them for training (the range
        // reported by the literature, e.g. Grover & Leskovec's and Planetoid's baselines; measured here with
        // 10 walks, d = 64: 80.5%). The floor, 76%, is about four split standard deviations lower.
        var graph = EdgeListReader.Read(CliRunner.Data("cora/edges.tsv.gz"), new EdgeListOptions()).Graph;
        var options = new RandomWalkOptions
        {
            WalksPerNode = 10, ReturnParameter = p, InOutParameter = q,
            SkipGram = new SkipGramOptions { Dimension = 64, Window = 5, Threads = 2 },
        };
        var embeddings = RandomWalkEmbedding.Embed(graph, options);
        Assert.InRange(MicroF1At50(embeddings, "cora/labels.tsv"), 0.76, 1.0);
        Assert.Equal(p == 1 ? "deepwalk" : "node2vec", embeddings.Provenance.Method);
        Assert.Equal("10", embeddings.Provenance["walks"]);
    }

    [Fact]
    public void Embed_IsIdentical_ForTheSameSeedAndThreads_AndReproducibleWithOneThread()
    {
        var graph = TestGraphs.Random(300, 1200, seed: 2);
        foreach (int threads in new[] { 1, 2 })
        {
            var options = new RandomWalkOptions { WalksPerNode = 4, WalkLength = 10, SkipGram = new SkipGramOptions { Dimension = 16, Threads = threads } };
            Assert.Equal(RandomWalkEmbedding.Embed(graph, options).Array, RandomWalkEmbedding.Embed(graph, options).Array);
        }
    }

    [Fact]
    public void Embed_GivesIsolatedNodesFiniteVectors_AndReportsWork()
    {
        // Node 4 has no edge: it starts no walk and is never visited, so it keeps its initial vector.
        var graph = TestGraphs.Undirected(5, [(0, 1, 1f), (1, 2, 1f), (2, 3, 1f), (3, 0, 1f)]);
        var options = new RandomWalkOptions { WalksPerNode = 3, WalkLength = 5, SkipGram = new SkipGramOptions { Dimension = 8, Window = 2, Negatives = 2, Threads = 1 } };
        var run = RandomWalkEmbedding.Train(graph, options);
        Assert.All(run.Embeddings.Array, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(4 * 3, run.Statistics.Sentences);
        Assert.Equal(4 * 3 * 5, run.Statistics.Tokens);
        Assert.True(run.Statistics.Pairs > 0);
    }

    [Fact]
    public void Embed_Refuses_AGraphWhoseNodesAreAllIsolated_AndBadOptions()
    {
        var isolated = TestGraphs.Undirected(3, []);
        Assert.Contains("isolated", Assert.Throws<InvalidInputException>(() => RandomWalkEmbedding.Embed(isolated, new RandomWalkOptions())).Message);
        var graph = TestGraphs.Random(10, 20, 1);
        Assert.Equal("WalkLength", Assert.Throws<InvalidInputException>(() => RandomWalkEmbedding.Embed(graph, new RandomWalkOptions { WalkLength = 1 })).Field);
        Assert.Equal("ReturnParameter", Assert.Throws<InvalidInputException>(() => RandomWalkEmbedding.Embed(graph, new RandomWalkOptions { ReturnParameter = 0 })).Field);
        Assert.Equal("Window", Assert.Throws<InvalidInputException>(() =>
            RandomWalkEmbedding.Embed(graph, new RandomWalkOptions { SkipGram = new SkipGramOptions { Window = 0 } })).Field);
        Assert.Equal("Negatives", Assert.Throws<InvalidInputException>(() =>
            RandomWalkEmbedding.Embed(graph, new RandomWalkOptions { SkipGram = new SkipGramOptions { Negatives = 10 } })).Field);
    }
}
