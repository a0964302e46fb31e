using System.Text;
using Embedkit.Graphs;
using static Embedkit.Tests.Graphs.GraphTestFiles;

namespace Embedkit.Tests.Graphs;

// Every expected value below is worked out by hand from the few lines of input in the test.
public class EdgeListReaderTests
{
    private static readonly EdgeListOptions Undirected = new();
    private static readonly EdgeListOptions Directed = new() { Directed = true };

    private static GraphLoadResult ReadText(string text, EdgeListOptions? options = null) =>
        EdgeListReader.Read(new StringReader(text), "edges.tsv", options ?? Undirected);

    private static InvalidInputException Rejects(string text, EdgeListOptions? options = null) =>
        Assert.Throws<InvalidInputException>(() => ReadText(text, options));

    [Theory]
    [InlineData("a\tb\nb\tc\n")]
    [InlineData("a b\nb   c\n")]
    [InlineData("  a b  \nb c\n")]
    [InlineData("a,b\nb , c\n")]
    [InlineData("a \t b\nb\t c \n")]
    public void Read_Splits_OnTabSpaceOrComma(string text)
    {
        // a–b, b–c undirected: nodes a,b,c by first appearance; 2 edges = 4 arcs; b's neighbours a, c.
        var result = ReadText(text);
        Assert.Equal(["a", "b", "c"], result.Graph.NodeIds);
        Assert.Equal(4, result.Graph.ArcCount);
        Assert.Equal(["a", "c"], NeighbourIds(result.Graph, "b"));
        Assert.False(result.Graph.IsWeighted);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_Skips_CommentsAndBlankLines()
    {
        // 6 lines: four comments/blank, two edges.
        var result = ReadText("# comment\n\n   % matrix-market style\n\t \na b\n#a c\nb c\n");
        Assert.Equal(7, result.LinesRead);
        Assert.Equal(2, result.EdgesRead);
        Assert.Equal(["a", "b", "c"], result.Graph.NodeIds);
    }

    [Fact]
    public void Read_Skips_FirstDataLine_WhenHasHeader()
    {
        // The comment is not the header; "source target" is, and is skipped: nodes a, b only.
        var result = ReadText("# made by hand\nsource\ttarget\na\tb\n", new EdgeListOptions { HasHeader = true });
        Assert.Equal(["a", "b"], result.Graph.NodeIds);
        Assert.Equal(1, result.EdgesRead);
    }

    [Fact]
    public void Read_Reads_HeaderAsEdge_WhenNoHeaderOption()
    {
        var result = ReadText("source\ttarget\na\tb\n");
        Assert.Equal(["source", "target", "a", "b"], result.Graph.NodeIds);
    }

    [Fact]
    public void Read_Accepts_CrlfAndBom_InFile()
    {
        // BOM EF BB BF then CRLF lines: ids must come out without '\uFEFF' or '\r'.
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a\tb\r\nb\tc\r\n")];
        using var file = WithBytes(bytes);
        var result = EdgeListReader.Read(file.Path, Undirected);
        Assert.Equal(["a", "b", "c"], result.Graph.NodeIds);
        Assert.Equal(2, result.LinesRead);
    }

    [Fact]
    public void Read_Accepts_CrlfAndBom_InTextReader()
    {
        var result = ReadText("\uFEFFa b 2\r\nb c 3\r\n");
        Assert.Equal(["a", "b", "c"], result.Graph.NodeIds);
        Assert.Equal([2f, 3f], result.Graph.NeighborWeights(1).ToArray());
    }

    [Theory]
    [InlineData(".tsv.gz")] // by extension (and magic)
    [InlineData(".txt")]    // by magic bytes 1f 8b only
    public void Read_Reads_GzipFile(string extension)
    {
        using var file = Gzipped(Encoding.UTF8.GetBytes("# gz\nx\ty\ny\tz\n"), extension);
        var result = EdgeListReader.Read(file.Path, Undirected);
        Assert.Equal(["x", "y", "z"], result.Graph.NodeIds);
        Assert.Equal(4, result.Graph.ArcCount);
    }

    [Fact]
    public void Read_Rejects_GzExtension_WithoutGzipData()
    {
        using var file = WithText("a\tb\n", ".tsv.gz");
        var ex = Assert.Throws<InvalidInputException>(() => EdgeListReader.Read(file.Path, Undirected));
        Assert.Contains(file.Path, ex.Message);
        Assert.Contains("not gzip", ex.Message);
    }

    [Fact]
    public void Read_Rejects_MissingFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"embedkit-missing-{Guid.NewGuid():N}.tsv");
        var ex = Assert.Throws<InvalidInputException>(() => EdgeListReader.Read(path, Undirected));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void Read_Reads_Weights()
    {
        // b's arcs: b→a (2.5), b→c (0.5): weighted degree 3.
        var result = ReadText("a b 2.5\nb c 0.5\n");
        var g = result.Graph;
        Assert.True(g.IsWeighted);
        Assert.Equal([0, 2], g.Neighbors(1).ToArray());
        Assert.Equal([2.5f, 0.5f], g.NeighborWeights(1).ToArray());
        Assert.Equal(3.0, g.WeightedOutDegree(1));
    }

    [Fact]
    public void Read_Parses_WeightsInInvariantCulture()
    {
        // "1e-3" and "+4" are plain invariant floats; "1,5" would be a comma split, so it is not used here.
        var g = ReadText("a\tb\t1e-3\nb\tc\t+4\n").Graph;
        Assert.Equal([0.001f, 4f], g.NeighborWeights(1).ToArray());
    }

    [Fact]
    public void Read_Keeps_IdsWithSpacesAndNonAscii_InTabFile()
    {
        using var file = WithText("New York\tSão Paulo\nZürich\t東京\n東京\tNew York\n");
        var g = EdgeListReader.Read(file.Path, Undirected).Graph;
        Assert.Equal(["New York", "São Paulo", "Zürich", "東京"], g.NodeIds);
        // 東京's neighbours by index: New York (0), Zürich (2).
        Assert.Equal(["New York", "Zürich"], NeighbourIds(g, "東京"));
    }

    [Fact]
    public void Read_Keeps_LargeIntegerIds_AsStrings()
    {
        // 2^31 = 2147483648, 2^63-1 = 9223372036854775807; "007" and "7" are different strings.
        var g = ReadText("2147483648\t9223372036854775807\n007\t7\n3000000000\t2147483648\n").Graph;
        Assert.Equal(["2147483648", "9223372036854775807", "007", "7", "3000000000"], g.NodeIds);
        Assert.Equal(["9223372036854775807", "3000000000"], NeighbourIds(g, "2147483648"));
    }

    [Fact]
    public void Read_StoresOneArcPerEdge_WhenDirected()
    {
        // a→b, b→c, a→c: 3 arcs; out-degrees a 2, b 1, c 0.
        var g = ReadText("a b\nb c\na c\n", Directed).Graph;
        Assert.True(g.Directed);
        Assert.Equal(3, g.ArcCount);
        Assert.Equal([2, 1, 0], new[] { g.OutDegree(0), g.OutDegree(1), g.OutDegree(2) });
        Assert.Equal([0L, 2, 3, 3], g.Offsets.ToArray());
        Assert.Equal([1, 2, 2], g.Targets.ToArray());
    }

    [Fact]
    public void Read_StoresTwoArcsPerEdge_WhenUndirected()
    {
        // The same 3 edges undirected form a triangle: 6 arcs, every degree 2.
        var g = ReadText("a b\nb c\na c\n").Graph;
        Assert.False(g.Directed);
        Assert.Equal(6, g.ArcCount);
        Assert.Equal([0L, 2, 4, 6], g.Offsets.ToArray());
        Assert.Equal([1, 2, 0, 2, 0, 1], g.Targets.ToArray());
    }

    [Fact]
    public void Read_SortsNeighbours_ByTargetIndex()
    {
        // Ids by first appearance: b 0, c 1, d 2, a 3. Row a receives d (2) on line 3, then b (0) on line 4;
        // sorted it is [0, 2]. Offsets: b 2 arcs, c 2, d 2, a 2.
        var g = ReadText("b c\nc d\na d\na b\n").Graph;
        Assert.Equal(["b", "c", "d", "a"], g.NodeIds);
        Assert.Equal([0, 2], g.Neighbors(3).ToArray());
        Assert.Equal([1, 3, 0, 2, 1, 3, 0, 2], g.Targets.ToArray());
    }

    [Fact]
    public void Read_DropsSelfLoops_ByDefault()
    {
        // "a a" dropped: only a–b remains, 2 arcs; a is still a node (it is named).
        var result = ReadText("a a\na b\n");
        Assert.Equal(1, result.SelfLoopsDropped);
        Assert.Equal(0, result.SelfLoopsKept);
        Assert.Equal(2, result.Graph.ArcCount);
        Assert.Equal(["b"], NeighbourIds(result.Graph, "a"));
        Assert.Contains(result.Warnings, w => w.Contains("dropped 1 self-loop"));
    }

    [Fact]
    public void Read_KeepsSelfLoop_AsOneArc_WhenKeep()
    {
        // Undirected: loop a→a once + a→b + b→a = 3 arcs; a's neighbours a (0), b (1).
        var result = ReadText("a a\na b\n", new EdgeListOptions { SelfLoops = SelfLoopPolicy.Keep });
        Assert.Equal(1, result.SelfLoopsKept);
        Assert.Equal(3, result.Graph.ArcCount);
        Assert.Equal(["a", "b"], NeighbourIds(result.Graph, "a"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_Rejects_SelfLoop_WhenError()
    {
        var ex = Rejects("a b\nc c\n", new EdgeListOptions { SelfLoops = SelfLoopPolicy.Error });
        Assert.Contains("edges.tsv:2:", ex.Message);
        Assert.Contains("'c'", ex.Message);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Read_CountsNode_OnlyInDroppedSelfLoop_AsIsolated()
    {
        // c appears only in "c c": after dropping the loop c has no edge.
        var kept = ReadText("a b\nc c\n");
        Assert.Equal(1, kept.IsolatedNodes);
        Assert.Equal(["a", "b", "c"], kept.Graph.NodeIds);
        var dropped = ReadText("a b\nc c\n", new EdgeListOptions { Isolated = IsolatedNodePolicy.Drop });
        Assert.Equal(1, dropped.IsolatedNodes);
        Assert.Equal(["a", "b"], dropped.Graph.NodeIds);
    }

    private const string WeightedDuplicates = "a b 1\nb a 2\na b 4\n";

    [Fact]
    public void Read_KeepsFirstDuplicate_AndTreatsReverseAsSame_WhenUndirected()
    {
        // Undirected: all three lines are edge a–b; keep the first (weight 1), 2 duplicates.
        var result = ReadText(WeightedDuplicates);
        var g = result.Graph;
        Assert.Equal(2, result.DuplicateEdges);
        Assert.Equal(2, g.ArcCount);
        Assert.Equal([1f], g.NeighborWeights(0).ToArray());
        Assert.Equal([1f], g.NeighborWeights(1).ToArray());
        Assert.Contains(result.Warnings, w => w.Contains("merged 2 duplicate edges"));
    }

    [Fact]
    public void Read_SumsDuplicateWeights_WhenSum()
    {
        // 1 + 2 + 4 = 7 on both arcs of a–b.
        var result = ReadText(WeightedDuplicates, new EdgeListOptions { Duplicates = DuplicateEdgePolicy.Sum });
        Assert.Equal(2, result.DuplicateEdges);
        Assert.Equal([7f], result.Graph.NeighborWeights(0).ToArray());
        Assert.Equal([7f], result.Graph.NeighborWeights(1).ToArray());
    }

    [Fact]
    public void Read_TreatsReverseAsDistinct_WhenDirected()
    {
        // Directed: a→b (lines 1, 3: one duplicate, keep weight 1) and b→a (weight 2) are different arcs.
        var result = ReadText(WeightedDuplicates, Directed);
        Assert.Equal(1, result.DuplicateEdges);
        Assert.Equal(2, result.Graph.ArcCount);
        Assert.Equal([1f], result.Graph.NeighborWeights(0).ToArray());
        Assert.Equal([2f], result.Graph.NeighborWeights(1).ToArray());

        var summed = ReadText(WeightedDuplicates, Directed with { Duplicates = DuplicateEdgePolicy.Sum });
        Assert.Equal([5f], summed.Graph.NeighborWeights(0).ToArray()); // 1 + 4
    }

    [Fact]
    public void Read_MergesDuplicates_InUnweightedGraph()
    {
        // "a b" twice and "b a": one edge, 2 duplicates; Sum has no weights to add and stays unweighted.
        foreach (var policy in new[] { DuplicateEdgePolicy.KeepFirst, DuplicateEdgePolicy.Sum })
        {
            var result = ReadText("a b\nb a\na b\nb c\n", new EdgeListOptions { Duplicates = policy });
            Assert.Equal(2, result.DuplicateEdges);
            Assert.Equal(4, result.Graph.ArcCount);
            Assert.False(result.Graph.IsWeighted);
        }
    }

    [Fact]
    public void Read_SumsDuplicateSelfLoops()
    {
        // Kept loops "a a 1" and "a a 2": one arc a→a of weight 3, one duplicate.
        var result = ReadText("a a 1\na a 2\n", new EdgeListOptions { SelfLoops = SelfLoopPolicy.Keep, Duplicates = DuplicateEdgePolicy.Sum });
        Assert.Equal(1, result.DuplicateEdges);
        Assert.Equal(1, result.Graph.ArcCount);
        Assert.Equal([3f], result.Graph.Weights.ToArray());
    }

    [Fact]
    public void Read_Rejects_Duplicate_WhenError()
    {
        // Undirected: line 2 "b a" repeats line 1. Directed: line 3 repeats line 1.
        var ex = Rejects(WeightedDuplicates, new EdgeListOptions { Duplicates = DuplicateEdgePolicy.Error });
        Assert.Contains("edges.tsv:2:", ex.Message);
        Assert.Contains("first on line 1", ex.Message);
        var directed = Rejects(WeightedDuplicates, Directed with { Duplicates = DuplicateEdgePolicy.Error });
        Assert.Contains("edges.tsv:3:", directed.Message);
        Assert.Contains("first on line 1", directed.Message);
    }

    [Fact]
    public void Read_PutsNodeListFirst_AndKeepsIsolatedNodes()
    {
        // Node list d, c, a, b, e (comment skipped); edges a–b, b–c; d and e are isolated.
        using var nodes = WithText("d\nc\n# comment\na\nb\ne\n");
        var result = ReadText("a b\nb c\n", new EdgeListOptions { NodesFile = nodes.Path });
        Assert.Equal(["d", "c", "a", "b", "e"], result.Graph.NodeIds);
        Assert.Equal(2, result.IsolatedNodes);
        Assert.Equal(0, result.Graph.OutDegree(0));
        Assert.Equal(["c", "a"], NeighbourIds(result.Graph, "b"));
        Assert.Contains(result.Warnings, w => w.Contains("kept 2 nodes"));
    }

    [Fact]
    public void Read_DropsIsolatedNodes_WhenDrop()
    {
        using var nodes = WithText("d\nc\na\nb\ne\n");
        var result = ReadText("a b\nb c\n", new EdgeListOptions { NodesFile = nodes.Path, Isolated = IsolatedNodePolicy.Drop });
        Assert.Equal(["c", "a", "b"], result.Graph.NodeIds);
        Assert.Equal(2, result.IsolatedNodes);
        Assert.Equal(["c", "a"], NeighbourIds(result.Graph, "b"));
        Assert.Equal(4, result.Graph.ArcCount);
    }

    [Fact]
    public void Read_UsesFirstField_OfTabbedNodeList()
    {
        using var nodes = WithText("b\tBob\na\tAlice\n");
        var g = ReadText("a b\n", new EdgeListOptions { NodesFile = nodes.Path }).Graph;
        Assert.Equal(["b", "a"], g.NodeIds);
    }

    [Fact]
    public void Read_Rejects_DuplicateInNodeList()
    {
        using var nodes = WithText("a\nb\na\n");
        var ex = Rejects("a b\n", new EdgeListOptions { NodesFile = nodes.Path });
        Assert.Contains($"{nodes.Path}:3:", ex.Message);
        Assert.Contains("'a'", ex.Message);
        Assert.Contains("first on line 1", ex.Message);
    }

    [Fact]
    public void Read_Rejects_EdgeToNodeNotInNodeList()
    {
        using var nodes = WithText("a\nb\n");
        var ex = Rejects("a b\nb z\n", new EdgeListOptions { NodesFile = nodes.Path });
        Assert.Contains("edges.tsv:2:", ex.Message);
        Assert.Contains($"node 'z' is not in the node list {nodes.Path}", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    public void Read_Rejects_EmptyFile(string text)
    {
        var ex = Rejects(text);
        Assert.Equal("edges.tsv: no edges found (expected lines 'source<TAB>target[<TAB>weight]')", ex.Message);
    }

    [Fact]
    public void Read_Rejects_EmptyFileOnDisk_NamingIt()
    {
        using var file = WithText("");
        var ex = Assert.Throws<InvalidInputException>(() => EdgeListReader.Read(file.Path, Undirected));
        Assert.StartsWith($"{file.Path}: no edges found", ex.Message);
    }

    [Theory]
    [InlineData("a b\nc\n", 2)]
    [InlineData("a\tb\tc\td\n", 1)]
    [InlineData("a,b,1,2\n", 1)]
    public void Read_Rejects_WrongFieldCount(string text, int line)
    {
        var ex = Rejects(text);
        Assert.Contains($"edges.tsv:{line}:", ex.Message);
        Assert.Contains("expected 2 or 3 fields (source, target[, weight])", ex.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("inf")]
    [InlineData("∞")]
    [InlineData("1e39")] // overflows a float
    [InlineData("1e-50")] // rounds to 0 as a float
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-1.5")]
    [InlineData("heavy")]
    [InlineData("1,5")] // comma mode: becomes 4 fields
    public void Read_Rejects_BadWeight(string weight)
    {
        var ex = Rejects($"a b 1\nb c {weight}\n");
        Assert.Contains("edges.tsv:2:", ex.Message);
        if (!weight.Contains(',')) Assert.Contains($"'{weight}'", ex.Message);
    }

    [Theory]
    [InlineData("a b\nb c 2\n")]
    [InlineData("a b 2\nb c\n")]
    public void Read_Rejects_WeightColumnOnSomeLinesOnly(string text)
    {
        var ex = Rejects(text);
        Assert.Contains("edges.tsv:2:", ex.Message);
        Assert.Contains("weight column", ex.Message);
    }

    [Fact]
    public void Read_Rejects_EmptyId()
    {
        var ex = Rejects("a\tb\n\tc\n");
        Assert.Contains("edges.tsv:2:", ex.Message);
    }

    [Fact]
    public void Read_Rejects_OutOfRangeOption()
    {
        var ex = Rejects("a b\n", new EdgeListOptions { SelfLoops = (SelfLoopPolicy)7 });
        Assert.Contains("SelfLoops", ex.Message);
    }

    [Fact]
    public void Read_Throws_WhenCancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => EdgeListReader.Read(new StringReader("a b\n"), "edges.tsv", Undirected, cts.Token));
    }

    [Fact]
    public void Read_Loads_BlogCatalog()
    {
        // Counts from the shared data README: 10,312 nodes, 333,983 undirected edges, no loops, no isolated nodes.
        var result = EdgeListReader.Read(DataFile("blogcatalog/edges.tsv.gz"), Undirected);
        var g = result.Graph;
        Assert.Equal(10_312, g.NodeCount);
        Assert.Equal(2L * 333_983, g.ArcCount);
        Assert.Equal(333_983, result.EdgesRead);
        Assert.Equal(0, result.SelfLoopsDropped);
        Assert.Equal(0, result.DuplicateEdges);
        Assert.Equal(0, result.IsolatedNodes);
        Assert.Empty(result.Warnings);
        Assert.Equal("0", g.NodeIds[0]); // the first line is "0<TAB>175"
    }

    [Fact]
    public void Read_KeepsFileOrderAmongDuplicates_InAnUnsortedWeightedRow()
    {
        // Directed. "x t1 1" .. "x t20 1" number x = 0 and tk = k. Then h = 21 gets t20..t1 with weight k,
        // then t20..t1 again with weight 100 + k: 40 arcs out of order, every target twice. Sorted by
        // target, KeepFirst keeps weight k for tk; Sum gives k + (100 + k) = 100 + 2k. 20 duplicates.
        var text = new StringBuilder();
        for (int k = 1; k <= 20; k++) text.Append($"x t{k} 1\n");
        for (int k = 20; k >= 1; k--) text.Append($"h t{k} {k}\n");
        for (int k = 20; k >= 1; k--) text.Append($"h t{k} {100 + k}\n");
        int[] expectedTargets = Enumerable.Range(1, 20).ToArray();

        var first = ReadText(text.ToString(), Directed);
        Assert.Equal(expectedTargets, first.Graph.Neighbors(21).ToArray());
        Assert.Equal(Enumerable.Range(1, 20).Select(k => (float)k).ToArray(), first.Graph.NeighborWeights(21).ToArray());
        Assert.Equal(20, first.DuplicateEdges);

        var summed = ReadText(text.ToString(), Directed with { Duplicates = DuplicateEdgePolicy.Sum });
        Assert.Equal(expectedTargets, summed.Graph.Neighbors(21).ToArray());
        Assert.Equal(Enumerable.Range(1, 20).Select(k => 100f + 2 * k).ToArray(), summed.Graph.NeighborWeights(21).ToArray());
    }

    [Fact]
    public void Read_ReadsEdges_PastOneStorageChunk()
    {
        // A path 0–1–2–…–N with N = ChunkSize + 3 lines "k<TAB>k+1": N + 1 nodes numbered by value, 2N arcs,
        // node k (0 < k < N) has neighbours k - 1 and k + 1, also at the chunk boundary (edge ChunkSize
        // is the line "ChunkSize<TAB>ChunkSize+1").
        int n = ChunkedList<int>.ChunkSize + 3;
        var text = new StringBuilder(n * 16);
        for (int k = 0; k < n; k++) text.Append(k).Append('\t').Append(k + 1).Append('\n');
        var result = ReadText(text.ToString());
        var g = result.Graph;
        Assert.Equal(n + 1, g.NodeCount);
        Assert.Equal(2L * n, g.ArcCount);
        Assert.Equal(n, result.EdgesRead);
        foreach (int k in new[] { 1, ChunkedList<int>.ChunkSize - 1, ChunkedList<int>.ChunkSize, ChunkedList<int>.ChunkSize + 1, n - 1 })
        {
            Assert.Equal(k.ToString(), g.NodeIds[k]);
            Assert.Equal([k - 1, k + 1], g.Neighbors(k).ToArray());
        }
        Assert.Equal([n - 1], g.Neighbors(n).ToArray());
    }

    [Fact]
    public void Read_Rejects_DuplicatePastOneStorageChunk_WhenError()
    {
        // The path above, then a last line "1<TAB>0" (line N + 1) repeating line 1 as an undirected edge.
        int n = ChunkedList<int>.ChunkSize + 3;
        var text = new StringBuilder(n * 16);
        for (int k = 0; k < n; k++) text.Append(k).Append('\t').Append(k + 1).Append('\n');
        text.Append("1\t0\n");
        var ex = Rejects(text.ToString(), new EdgeListOptions { Duplicates = DuplicateEdgePolicy.Error });
        Assert.Contains($"edges.tsv:{n + 1}", ex.Message);
        Assert.Contains("duplicate edge '1' '0' (first on line 1;", ex.Message);
    }

    [Fact]
    public void Read_Rejects_NodeListWithNoIds()
    {
        // Only a comment and a blank line: no node ids at all.
        using var nodes = GraphTestFiles.WithText("# nodes\n\n");
        var e = Assert.Throws<InvalidInputException>(() => ReadText("a b\n", new EdgeListOptions { NodesFile = nodes.Path }));
        Assert.Contains(nodes.Path, e.Message);
        Assert.Contains("no node ids found", e.Message);
    }
}
