using System.Text.Json;
using Embedkit.IO;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Cli;

/// <summary><c>embed graph --method deepwalk|node2vec|line</c>, <c>embed words</c> and <c>walks</c>, run as a user runs them.</summary>
public sealed class SkipGramCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void AssertBadInput(CliRunner.Result r, params string[] fragments)
    {
        Assert.Equal(1, r.ExitCode);
        string last = r.Stderr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("error: ", last);
        foreach (string f in fragments) Assert.Contains(f, last);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    private string Karate => CliRunner.Data("karate/edges.tsv");

    [Theory]
    [InlineData("deepwalk", "--walks", "5", "--walk-length", "10", "--window", "3")]
    [InlineData("node2vec", "--walks", "5", "--p", "0.25", "--q", "4")]
    [InlineData("line", "--order", "1", "--samples", "20000")]
    public void EmbedGraph_WritesEmbeddings_WithProvenance(string method, params string[] options)
    {
        string output = _folder.File(method + ".ekv");
        var r = CliRunner.Run(["embed", "graph", Karate, "-o", output, "--method", method, "--dim", "16", "--threads", "2", .. options]);
        Assert.Equal(0, r.ExitCode);
        var set = EmbeddingFormats.Read(output);
        Assert.Equal(34, set.Count);
        Assert.Equal(16, set.Dimension);
        Assert.Equal(method, set.Provenance.Method);
        if (method == "node2vec") Assert.Equal("0.25", set.Provenance["p"]);
        Assert.Contains("pairs", r.Stderr);
    }

    [Fact]
    public void EmbedGraph_IsReproducible_ForTheSameSeedAndThreads()
    {
        string a = _folder.File("a.ekv"), b = _folder.File("b.ekv");
        foreach (string path in new[] { a, b })
            Assert.Equal(0, CliRunner.Run("embed", "graph", Karate, "-o", path, "--method", "deepwalk", "--walks", "3", "--dim", "8", "--threads", "2").ExitCode);
        Assert.Equal(EmbeddingFormats.Read(a).Array, EmbeddingFormats.Read(b).Array);
    }

    [Theory]
    [InlineData(new[] { "--method", "node2vec", "--p", "0" }, "--p", "positive")]
    [InlineData(new[] { "--method", "node2vec", "--q", "-1" }, "--q", "positive")]
    [InlineData(new[] { "--method", "deepwalk", "--walk-length", "1" }, "--walk-length", "2..100000")]
    [InlineData(new[] { "--method", "deepwalk", "--window", "0" }, "--window", "positive")]
    [InlineData(new[] { "--method", "deepwalk", "--negatives", "40" }, "--negatives", "fewer negatives than there are rows", "(34)")]
    [InlineData(new[] { "--method", "deepwalk", "--beta", "0.5" }, "--beta applies to --method fastrp")]
    [InlineData(new[] { "--method", "deepwalk", "--p", "2" }, "--p applies to --method node2vec", "use --method node2vec")]
    [InlineData(new[] { "--method", "fastrp", "--walks", "10" }, "--walks applies to --method deepwalk|node2vec")]
    [InlineData(new[] { "--method", "line", "--order", "3" }, "--order", "1 or 2")]
    [InlineData(new[] { "--method", "line", "--window", "3" }, "--window applies to")]
    [InlineData(new[] { "--method", "word2vec" }, "--method", "fastrp, deepwalk, node2vec, line")]
    [InlineData(new[] { "--method", "deepwalk", "--walks", "abc" }, "option --walks: expected an integer, found 'abc'")]
    [InlineData(new[] { "--method", "deepwalk", "--window", "" }, "option --window: expected a value after it, found an empty string")]
    [InlineData(new[] { "--method", "node2vec", "--p", "1e-320" }, "--p", "[1E-06, 1000000]")]
    [InlineData(new[] { "--method", "deepwalk", "--dim", "2147483647" }, "--dim", "1..65536")]
    [InlineData(new[] { "--method", "deepwalk", "--walk-length", "2147483647" }, "--walk-length", "2..100000")]
    [InlineData(new[] { "--method", "line", "--samples", "9223372036854775807" }, "--samples")]
    [InlineData(new[] { "--method", "deepwalk", "--walks", "2", "--learning-rate", "1" }, "training diverged", "lower --learning-rate")]
    public void EmbedGraph_RefusesBadOptions_WithExitOne(string[] options, params string[] fragments)
    {
        var r = CliRunner.Run(["embed", "graph", Karate, "-o", _folder.File("x.ekv"), .. options]);
        AssertBadInput(r, fragments);
        Assert.False(File.Exists(_folder.File("x.ekv")));
    }

    [Fact]
    public void Commands_Refuse_AnOutputThatIsTheirInput()
    {
        string edges = _folder.File("edges.tsv");
        File.Copy(Karate, edges);
        string before = File.ReadAllText(edges);
        AssertBadInput(CliRunner.Run("walks", edges, "-o", edges), "is the input EDGES");
        AssertBadInput(CliRunner.Run("embed", "graph", edges, "-o", edges, "--method", "deepwalk"), "is the input EDGES");
        Assert.Equal(before, File.ReadAllText(edges));
    }

    [Fact]
    public void EmbedGraph_Refuses_AnEmptyGraph_AndOneWithOnlyIsolatedNodes()
    {
        string empty = _folder.File("empty.tsv");
        File.WriteAllText(empty, "# no edges\n");
        AssertBadInput(CliRunner.Run("embed", "graph", empty, "-o", _folder.File("e.ekv"), "--method", "deepwalk"), "empty.tsv");
        string nodes = _folder.File("nodes.txt");
        File.WriteAllText(nodes, "a\nb\nc\n");
        AssertBadInput(CliRunner.Run("embed", "graph", empty, "--nodes", nodes, "-o", _folder.File("e.ekv"), "--method", "deepwalk"), "isolated");
        AssertBadInput(CliRunner.Run("embed", "graph", empty, "--nodes", nodes, "-o", _folder.File("e.ekv"), "--method", "line"), "no edges");
    }

    [Fact]
    public void WalksThenEmbedWords_TrainsOnTheWalkFile()
    {
        string walks = _folder.File("walks.txt");
        var w = CliRunner.Run("walks", Karate, "-o", walks, "--walks", "4", "--walk-length", "12");
        Assert.Equal(0, w.ExitCode);
        var lines = File.ReadAllLines(walks);
        Assert.Equal(34 * 4, lines.Length);
        Assert.All(lines, l => Assert.Equal(12, l.Split(' ').Length));

        string output = _folder.File("words.ekv");
        var r = CliRunner.Run("embed", "words", walks, "-o", output, "--dim", "12", "--window", "4", "--min-count", "1", "--sample", "0", "--epochs", "2");
        Assert.Equal(0, r.ExitCode);
        var set = EmbeddingFormats.Read(output);
        Assert.Equal(34, set.Count);
        Assert.Equal("word2vec", set.Provenance.Method);
    }

    [Fact]
    public void EmbedWords_Refuses_ACorpusWithoutAWordAboveMinCount_AndAnEmptyOne()
    {
        string text = _folder.File("text.txt");
        File.WriteAllText(text, "one two three\nfour five\n");
        AssertBadInput(CliRunner.Run("embed", "words", text, "-o", _folder.File("w.ekv")), "text.txt", "no word occurs at least --min-count 5 times");
        string blank = _folder.File("blank.txt");
        File.WriteAllText(blank, "\n   \n");
        AssertBadInput(CliRunner.Run("embed", "words", blank, "-o", _folder.File("w.ekv"), "--min-count", "1"), "blank.txt", "no tokens");
        AssertBadInput(CliRunner.Run("embed", "words", text, "-o", _folder.File("w.ekv"), "--min-count", "0"), "--min-count");
        Assert.False(File.Exists(_folder.File("w.ekv")));
    }
}
