using System.Text;
using Embedkit.Graphs;
using static Embedkit.Tests.Graphs.GraphTestFiles;

namespace Embedkit.Tests.Graphs;

// Every expected value below is worked out by hand from the few lines of input in the test.
public class LabelReaderTests
{
    private static readonly string[] Rows = ["n0", "n1", "n2", "n3"];

    private static LabelLoadResult ReadText(string text, IReadOnlyList<string>? rows = null, bool hasHeader = false) =>
        LabelReader.Read(new StringReader(text), "labels.tsv", rows ?? Rows, hasHeader);

    [Fact]
    public void Read_AlignsLabels_ToRows()
    {
        // Labels sorted: x 0, y 1. n0 {y} → [1]; n1 {x, y} → [0, 1]; n2 and n3 have none.
        var result = ReadText("n1\tx\nn0\ty\nn1\ty\n");
        var labels = result.Labels;
        Assert.Equal(["x", "y"], labels.LabelNames);
        Assert.Equal(4, labels.RowCount);
        Assert.Equal([1], labels.Of(0).ToArray());
        Assert.Equal([0, 1], labels.Of(1).ToArray());
        Assert.True(labels.Of(2).IsEmpty);
        Assert.Equal([0, 1, 3, 3, 3], labels.Offsets);
        Assert.Equal(2, result.UnlabelledRows);
        Assert.False(labels.IsSingleLabel);
        Assert.Contains(result.Warnings, w => w.Contains("2 of 4 rows have no label"));
    }

    [Theory]
    [InlineData("n0 x\nn1   y\n")]
    [InlineData("n0,x\nn1 , y\n")]
    [InlineData("# labels\n\nn0\tx\n% more\nn1\ty\n")]
    public void Read_Splits_OnTabSpaceOrComma_AndSkipsComments(string text)
    {
        var labels = ReadText(text).Labels;
        Assert.Equal(["x", "y"], labels.LabelNames);
        Assert.Equal([0], labels.Of(0).ToArray());
        Assert.Equal([1], labels.Of(1).ToArray());
        Assert.True(labels.IsSingleLabel);
    }

    [Fact]
    public void Read_SortsLabelNames_IntegersNumericallyThenOrdinal()
    {
        // First appearance 10, 2, b, a, 1, -3 → integers by value -3, 1, 2, 10, then a, b.
        var labels = ReadText("n0\t10\nn0\t2\nn1\tb\nn1\ta\nn2\t1\nn3\t-3\n").Labels;
        Assert.Equal(["-3", "1", "2", "10", "a", "b"], labels.LabelNames);
        Assert.Equal([2, 3], labels.Of(0).ToArray()); // "2", "10"
        Assert.Equal([4, 5], labels.Of(1).ToArray()); // "a", "b"
        Assert.Equal([1], labels.Of(2).ToArray());
        Assert.Equal([0], labels.Of(3).ToArray());
    }

    [Fact]
    public void Read_IgnoresDuplicatePair_AndCountsIt()
    {
        var result = ReadText("n0\tx\nn0\tx\nn1\tx\n");
        Assert.Equal(1, result.DuplicatePairs);
        Assert.Equal([0], result.Labels.Of(0).ToArray());
        Assert.Equal(2, result.Labels.LabelIndices.Length);
        Assert.Contains(result.Warnings, w => w.Contains("ignored 1 line"));
    }

    [Fact]
    public void Read_SkipsUnknownNodes_AndCountsThem()
    {
        // Line 2 names z, not a row: skipped; its label y appears nowhere else, so only x remains.
        var result = ReadText("n0\tx\nz\ty\n");
        Assert.Equal(1, result.Labels.UnknownNodeLines);
        Assert.Equal(["x"], result.Labels.LabelNames);
        Assert.Contains(result.Warnings, w => w.Contains("'z' on line 2"));
    }

    [Fact]
    public void Read_SkipsHeader_OnlyWhenAsked()
    {
        // Without the flag "node" is an unknown node; with it the line is skipped.
        Assert.Equal(1, ReadText("node\tlabel\nn0\tx\n").Labels.UnknownNodeLines);
        var withHeader = ReadText("node\tlabel\nn0\tx\n", hasHeader: true);
        Assert.Equal(0, withHeader.Labels.UnknownNodeLines);
        Assert.Equal(["x"], withHeader.Labels.LabelNames);
    }

    [Fact]
    public void Read_Accepts_GzipBomAndCrlf()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("n0\tZürich\r\nn1\t東京\r\n")];
        using var file = Gzipped(bytes);
        var result = LabelReader.Read(file.Path, Rows);
        Assert.Equal(["Zürich", "東京"], result.Labels.LabelNames); // ordinal: 'Z' (U+005A) < '東' (U+6771)
        Assert.Equal(2, result.LinesRead);
    }

    [Fact]
    public void Read_Rejects_LineWithOneField()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ReadText("n0\tx\nn1\n"));
        Assert.Contains("labels.tsv:2:", ex.Message);
        Assert.Contains("expected 2 fields (node, label)", ex.Message);
    }

    [Fact]
    public void Read_Rejects_FileMatchingNoRow()
    {
        using var file = WithText("a\tx\nb\ty\n");
        var ex = Assert.Throws<InvalidInputException>(() => LabelReader.Read(file.Path, Rows));
        Assert.Contains(file.Path, ex.Message);
        Assert.Contains("'a' on line 1", ex.Message);
    }

    [Fact]
    public void Read_Rejects_EmptyFile()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ReadText("# nothing\n"));
        Assert.StartsWith("labels.tsv: no labels found", ex.Message);
    }

    [Fact]
    public void Read_Rejects_RepeatedRowIds()
    {
        Assert.Throws<ArgumentException>(() => ReadText("a\tx\n", ["a", "a"]));
    }

    [Fact]
    public void Read_Loads_BlogCatalogLabels()
    {
        // Counts from the shared data README: 39 labels (ids 0..38), 14,476 pairs, every node labelled.
        var graph = EdgeListReader.Read(DataFile("blogcatalog/edges.tsv.gz"), new EdgeListOptions()).Graph;
        var result = LabelReader.Read(DataFile("blogcatalog/labels.tsv"), graph.NodeIds);
        Assert.Equal(39, result.Labels.LabelCount);
        Assert.Equal(Enumerable.Range(0, 39).Select(i => i.ToString()), result.Labels.LabelNames);
        Assert.Equal(14_476, result.Labels.LabelIndices.Length);
        Assert.Equal(0, result.UnlabelledRows);
        Assert.Equal(0, result.Labels.UnknownNodeLines);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_MatchesRows_OfEveryIdKind()
    {
        // Rows: integers, an integer-like string with a leading zero, short and long text, non-ASCII.
        // Labels sorted: 1 → 0, 2 → 1. "7" {2} → [1]; "007" {1} → [0]; "a" none; "long-node-name" {1, 2} → [0, 1];
        // "東京" {2} → [1]; "123456789012" {1} → [0]. "07" is no row: skipped and counted.
        string[] rows = ["7", "007", "a", "long-node-name", "東京", "123456789012"];
        var result = ReadText("7\t2\n007\t1\nlong-node-name\t2\nlong-node-name\t1\n東京\t2\n123456789012\t1\n07\t1\n", rows);
        var labels = result.Labels;
        Assert.Equal(["1", "2"], labels.LabelNames);
        Assert.Equal([0, 1, 2, 2, 4, 5, 6], labels.Offsets);
        Assert.Equal([1, 0, 0, 1, 1, 0], labels.LabelIndices);
        Assert.Equal(1, labels.UnknownNodeLines);
        Assert.Equal(1, result.UnlabelledRows);
    }

    [Fact]
    public void Read_Rejects_RepeatedRowId()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReadText("a\tx\n", ["a", "b", "a"]));
        Assert.Contains("row id 'a' appears twice (rows 0 and 2)", ex.Message);
    }
}
