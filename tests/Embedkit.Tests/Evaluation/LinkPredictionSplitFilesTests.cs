using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.Tests.Graphs;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Evaluation;

/// <summary>The split folder of <see cref="LinkPredictionSplit.Write"/> and <see cref="LinkPredictionSplit.Read"/>.</summary>
public sealed class LinkPredictionSplitFilesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static LinkPredictionSplit Karate(string file = "karate/edges_weighted.tsv") =>
        LinkPredictionSplit.Create(EdgeListReader.Read(GraphTestFiles.DataFile(file), new EdgeListOptions()).Graph,
            new LinkPredictionSplitOptions { Seed = 3 }, "karate.tsv");

    private string Written(LinkPredictionSplit split)
    {
        string dir = Path.Combine(_folder.Path, "split");
        split.Write(dir);
        return dir;
    }

    [Fact]
    public void WriteThenRead_GivesTheSameSplit()
    {
        var split = Karate();
        string dir = Written(split);
        Assert.Equal(["nodes.txt", "residual.tsv", "split.json", "test.tsv", "train.tsv"],
            Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // no temporary file left

        var back = LinkPredictionSplit.Read(dir);
        Assert.Equal(split.NodeIds, back.NodeIds);
        Assert.Equal(split.Residual.Offsets.ToArray(), back.Residual.Offsets.ToArray());
        Assert.Equal(split.Residual.Targets.ToArray(), back.Residual.Targets.ToArray());
        Assert.Equal(split.Residual.Weights.ToArray(), back.Residual.Weights.ToArray());
        Assert.Equal(split.TestPairs, back.TestPairs);
        Assert.Equal(split.TrainPairs, back.TrainPairs);
        Assert.Equal(split.Options, back.Options);
        Assert.Equal(split.EdgeCount, back.EdgeCount);
        Assert.Equal(split.RequestedHeldOutEdges, back.RequestedHeldOutEdges);
        Assert.Equal(split.HeldOutEdges, back.HeldOutEdges);
        Assert.Equal("karate.tsv", back.Source);
    }

    [Fact]
    public void PairFiles_UseTheOriginalIds()
    {
        var split = Karate();
        string dir = Written(split);
        string[] first = File.ReadLines(Path.Combine(dir, "test.tsv")).First().Split('\t');
        NodePair p = split.TestPairs[0];
        Assert.Equal([split.NodeIds[p.U], split.NodeIds[p.V], "1"], first);
        Assert.Equal(split.TestPairs.Count, File.ReadLines(Path.Combine(dir, "test.tsv")).Count());
        // The residual edge list is an ordinary edge list: the reader takes it (with the node list, in the same order).
        var residual = EdgeListReader.Read(Path.Combine(dir, "residual.tsv"), new EdgeListOptions { NodesFile = Path.Combine(dir, "nodes.txt") }).Graph;
        Assert.Equal(split.NodeIds, residual.NodeIds);
        Assert.Equal(split.Residual.Targets.ToArray(), residual.Targets.ToArray());
    }

    [Fact]
    public void Read_NamesFileLineAndField_ForAnUnknownNode()
    {
        string dir = Written(Karate());
        string test = Path.Combine(dir, "test.tsv");
        var lines = File.ReadAllLines(test);
        string[] f = lines[2].Split('\t');
        lines[2] = $"{f[0]}\tnobody\t{f[2]}";
        File.WriteAllLines(test, lines);
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Read(dir));
        Assert.Contains("test.tsv:3:", e.Message);
        Assert.Contains("'nobody'", e.Message);
        Assert.Equal(3, e.Line);
        Assert.Equal("v", e.Field);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("yes")]
    [InlineData("1.0")]
    public void Read_NamesFileLineAndField_ForABadLabel(string label)
    {
        string dir = Written(Karate());
        string train = Path.Combine(dir, "train.tsv");
        var lines = File.ReadAllLines(train);
        string[] f = lines[4].Split('\t');
        lines[4] = $"{f[0]}\t{f[1]}\t{label}";
        File.WriteAllLines(train, lines);
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Read(dir));
        Assert.Contains("train.tsv:5:", e.Message);
        Assert.Contains($"'{label}'", e.Message);
        Assert.Equal("label", e.Field);
    }

    [Fact]
    public void Read_Refuses_APairThatContradictsTheResidualGraph()
    {
        var split = Karate();
        string dir = Written(split);
        // Label a residual edge 0 in the test file: it is not a non-edge.
        int u = 0, v = split.Residual.Neighbors(0)[0];
        string test = Path.Combine(dir, "test.tsv");
        var lines = File.ReadAllLines(test).ToList();
        lines[^1] = $"{split.NodeIds[u]}\t{split.NodeIds[v]}\t0";
        File.WriteAllLines(test, lines);
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Read(dir));
        Assert.Contains($"test.tsv:{lines.Count}:", e.Message);
        Assert.Contains("is an edge of residual.tsv", e.Message);
    }

    [Fact]
    public void Read_Refuses_CountsThatDisagreeWithSplitJson()
    {
        string dir = Written(Karate());
        string train = Path.Combine(dir, "train.tsv");
        File.WriteAllLines(train, File.ReadAllLines(train).SkipLast(1));
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Read(dir));
        Assert.Contains("split.json", e.Message);
        Assert.Equal("train_pairs", e.Field);
    }

    [Fact]
    public void Read_Refuses_AFolderWithoutSplitJson()
    {
        string dir = Written(Karate());
        File.Delete(Path.Combine(dir, "split.json"));
        var e = Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Read(dir));
        Assert.Contains("no split.json", e.Message);
        Assert.Throws<InvalidInputException>(() => LinkPredictionSplit.Read(Path.Combine(_folder.Path, "missing")));
    }

    [Fact]
    public void Write_Refuses_IdsThatATsvLineCannotHold_AndWritesNothing()
    {
        // "#3" would read back as a comment line.
        CsrGraph g = TestGraphs.Undirected(6, [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1), (5, 0, 1), (0, 3, 1)], ids: ["a", "b", "#3", "d", "e", "f"]);
        var split = LinkPredictionSplit.Create(g, new LinkPredictionSplitOptions { HoldoutFraction = 0.2 });
        string dir = Path.Combine(_folder.Path, "bad");
        var e = Assert.Throws<InvalidInputException>(() => split.Write(dir));
        Assert.Contains("'#3'", e.Message);
        Assert.False(Directory.Exists(dir));
    }
}
