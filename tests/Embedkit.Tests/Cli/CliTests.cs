using System.Text.Json;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Cli;

/// <summary>
/// The CLI as a user runs it: real processes, exit codes (0 ok, 1 bad input, 2 internal), stdout kept
/// clean for --json, one-line errors naming the file and line.
/// </summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertBadInput(CliRunner.Result r, params string[] fragments)
    {
        Assert.Equal(1, r.ExitCode);
        string last = r.Stderr.TrimEnd().Split('\n')[^1]; // progress and info lines may come first
        Assert.StartsWith("error: ", last);
        foreach (string f in fragments) Assert.Contains(f, last);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace for bad input
    }

    [Fact]
    public void Help_ListsEveryCommand_AndEachCommandHasAnExample()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (string command in new[] { "quickstart", "embed", "eval", "info", "convert" }) Assert.Contains(command, r.Stdout + r.Stderr);
        foreach (var args in new[] { new[] { "embed", "graph", "--help" }, ["eval", "node-classification", "--help"], ["info", "--help"], ["convert", "--help"], ["quickstart", "--help"] })
        {
            var help = CliRunner.Run(args);
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("EXAMPLES", help.Stdout + help.Stderr);
        }
    }

    [Fact]
    public void EmbedInfoEval_OnKarate_ProduceFilesAndJson()
    {
        string output = _folder.File("karate.ekv");
        var embed = CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", output, "--method", "fastrp", "--dim", "16",
            "--iteration-weights", "0,1,1", "--beta", "0", "--seed", "7", "--threads", "2");
        Assert.Equal(0, embed.ExitCode);
        Assert.True(File.Exists(output));

        var info = CliRunner.Run("info", output, "--json");
        Assert.Equal(0, info.ExitCode);
        using (var doc = JsonDocument.Parse(info.Stdout))
        {
            Assert.Equal(34, doc.RootElement.GetProperty("count").GetInt32()); // karate has 34 members
            Assert.Equal(16, doc.RootElement.GetProperty("dimension").GetInt32());
            Assert.Equal("fastrp", doc.RootElement.GetProperty("method").GetString());
            Assert.Equal(7UL, doc.RootElement.GetProperty("seed").GetUInt64());
            Assert.True(doc.RootElement.GetProperty("verified").GetBoolean());
        }

        var eval = CliRunner.Run("eval", "node-classification", output, CliRunner.Data("karate/labels.tsv"), "--ratios", "0.5,0.9", "--repeats", "3", "--c", "1.0", "--json");
        Assert.Equal(0, eval.ExitCode);
        using var result = JsonDocument.Parse(eval.Stdout); // stdout holds exactly one JSON object
        Assert.Equal("node-classification", result.RootElement.GetProperty("task").GetString());
        var rows = result.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([0.5, 0.9], rows.Select(x => x.GetProperty("train_ratio").GetDouble()));
        foreach (var row in rows)
        {
            Assert.InRange(row.GetProperty("micro_f1").GetDouble(), 0, 1);
            Assert.InRange(row.GetProperty("macro_f1").GetDouble(), 0, 1);
            Assert.True(row.TryGetProperty("micro_f1_std", out _));
            Assert.True(row.TryGetProperty("macro_f1_std", out _));
            Assert.True(row.TryGetProperty("accuracy", out _)); // karate is single-label
        }
    }

    [Fact]
    public void Embed_IsTheSame_ForOneAndTwoThreads()
    {
        string a = _folder.File("a.tsv"), b = _folder.File("b.tsv");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges_weighted.tsv"), "-o", a, "--dim", "70", "--threads", "1").ExitCode);
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges_weighted.tsv"), "-o", b, "--dim", "70", "--threads", "2").ExitCode);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
    }

    [Fact]
    public void Convert_RoundTripsThroughNpyAndWord2Vec()
    {
        string ekv = _folder.File("k.ekv"), npy = _folder.File("k.npy"), w2v = _folder.File("k.txt"), back = _folder.File("back.ekv");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", ekv, "--dim", "8").ExitCode);
        Assert.Equal(0, CliRunner.Run("convert", ekv, npy).ExitCode);
        Assert.True(File.Exists(_folder.File("k.ids.txt")));
        Assert.Equal(0, CliRunner.Run("convert", npy, w2v).ExitCode);
        Assert.StartsWith("34 8\n", File.ReadAllText(w2v)); // word2vec text header: count dim
        Assert.Equal(0, CliRunner.Run("convert", w2v, back).ExitCode);
        var original = Embedkit.IO.EmbeddingFormats.Read(ekv);
        var roundTripped = Embedkit.IO.EmbeddingFormats.Read(back);
        Assert.Equal(original.Ids, roundTripped.Ids);
        Assert.Equal(original.Array, roundTripped.Array);
    }

    [Fact]
    public void Embed_Rejects_EmptyFile()
    {
        string edges = Write("empty.tsv", "");
        AssertBadInput(CliRunner.Run("embed", "graph", edges, "-o", _folder.File("x.ekv")), "empty.tsv", "no edges");
    }

    [Theory]
    [InlineData("0\t1\n2\n", ":2:", "expected 2 or 3 fields")]
    [InlineData("0\t1\t1.5\n1\t2\t-3\n", ":2:", "-3")]
    [InlineData("0\t1\t1.5\n1\t2\tNaN\n", ":2:", "NaN")]
    [InlineData("0\t1\t0\n", ":1:", "weight")]
    [InlineData("0\t1\tabc\n", ":1:", "abc")]
    [InlineData("0\t1\t2\n1\t2\n", ":2:", "weight")]
    public void Embed_Rejects_BadLines_NamingFileAndLine(string text, string line, string what)
    {
        string edges = Write("bad.tsv", text);
        string output = _folder.File("x.ekv");
        AssertBadInput(CliRunner.Run("embed", "graph", edges, "-o", output), "bad.tsv" + line, what);
        Assert.False(File.Exists(output));
        Assert.Equal(["bad.tsv"], _folder.FileNames()); // nothing half-written left behind
    }

    [Theory]
    [InlineData("--dim", "0", "--dim")]
    [InlineData("--dim", "-5", "--dim")]
    [InlineData("--iteration-weights", "1,x", "--iteration-weights")]
    [InlineData("--method", "word2vec", "--method")]
    [InlineData("--density", "dense", "--density")]
    public void Embed_Rejects_BadOptions(string option, string value, string named)
    {
        AssertBadInput(CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", _folder.File("x.ekv"), option, value), named);
    }

    [Fact]
    public void Embed_Rejects_OutputInMissingFolder()
    {
        string output = Path.Combine(_folder.Path, "missing", "x.ekv");
        AssertBadInput(CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", output), "does not exist");
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "missing")));
    }

    [Fact]
    public void Embed_Rejects_MissingInput()
    {
        AssertBadInput(CliRunner.Run("embed", "graph", _folder.File("nope.tsv"), "-o", _folder.File("x.ekv")), "nope.tsv", "does not exist");
    }

    [Fact]
    public void InfoAndEval_Reject_TruncatedAndCorruptedFiles()
    {
        string ekv = _folder.File("k.ekv");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", ekv, "--dim", "8").ExitCode);
        byte[] bytes = File.ReadAllBytes(ekv);

        string truncated = _folder.File("truncated.ekv");
        File.WriteAllBytes(truncated, bytes[..^10]);
        AssertBadInput(CliRunner.Run("info", truncated), "truncated.ekv", "truncated");
        AssertBadInput(CliRunner.Run("eval", "node-classification", truncated, CliRunner.Data("karate/labels.tsv")), "truncated.ekv", "truncated");

        string corrupted = _folder.File("corrupted.ekv");
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(corrupted, bytes);
        AssertBadInput(CliRunner.Run("info", corrupted), "corrupted.ekv", "checksum");
        AssertBadInput(CliRunner.Run("eval", "node-classification", corrupted, CliRunner.Data("karate/labels.tsv")), "corrupted.ekv", "checksum");
    }

    [Fact]
    public void Eval_WarnsAboutLabelsOfUnknownNodes()
    {
        string ekv = _folder.File("k.ekv");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", ekv, "--dim", "8").ExitCode);
        string labels = Write("labels.tsv", File.ReadAllText(CliRunner.Data("karate/labels.tsv")) + "ghost\t1\nghost2\t0\n");
        var r = CliRunner.Run("eval", "node-classification", ekv, labels, "--ratios", "0.5", "--repeats", "1", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning:", r.Stderr);
        Assert.Contains("2", r.Stderr); // two lines name unknown nodes
        using var _ = JsonDocument.Parse(r.Stdout);
    }

    [Theory]
    [InlineData("--ratios", "0.5,abc")]
    [InlineData("--ratios", "1.5")]
    [InlineData("--repeats", "0")]
    [InlineData("--c", "-1")]
    public void Eval_Rejects_BadOptions(string option, string value)
    {
        string ekv = _folder.File("k.ekv");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", ekv, "--dim", "8").ExitCode);
        var r = CliRunner.Run("eval", "node-classification", ekv, CliRunner.Data("karate/labels.tsv"), option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr);
    }

    [Fact]
    public void Quickstart_WritesEmbeddingsReportAndChart()
    {
        string output = _folder.File("qs");
        var r = CliRunner.Run("quickstart", "--out", output, "--dim", "32", "--repeats", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("90%", r.Stdout); // the F1 table lists train ratios 10%..90%
        var set = Embedkit.IO.EmbeddingFormats.Read(Path.Combine(output, "blogcatalog-fastrp.ekv"));
        Assert.Equal((10312, 32), (set.Count, set.Dimension)); // BlogCatalog's node count
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("| 50% |", report);
        byte[] png = File.ReadAllBytes(Path.Combine(output, "f1.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Theory]
    [InlineData("--dimension", "8", "Unknown option 'dimension'")]
    [InlineData("--dim", "abc", "option --dim: expected an integer, found 'abc'")]
    [InlineData("--duplicates", "bogus", "option --duplicates: expected one of 'keepfirst', 'sum', 'error'")]
    [InlineData("--iteration-weights", "0,0,0", "at least one non-zero weight")]
    public void Embed_Rejects_UnknownOptionsAndBadValues_NamingTheOption(string option, string value, string message)
    {
        string output = _folder.File("x.ekv");
        AssertBadInput(CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", output, option, value), message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Commands_Reject_FoldersWhereFilesAreExpected()
    {
        Directory.CreateDirectory(_folder.File("adir"));
        AssertBadInput(CliRunner.Run("info", _folder.File("adir")), "is a folder");
        AssertBadInput(CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", _folder.File("adir")), "is a folder");
        string ekv = _folder.File("k.ekv");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", ekv, "--dim", "8").ExitCode);
        var r = CliRunner.Run("eval", "node-classification", ekv, CliRunner.Data("karate/labels.tsv"), "--report", _folder.File("adir"));
        AssertBadInput(r, "--report", "is a folder");
        Assert.Equal("", r.Stdout); // refused before the evaluation ran
        AssertBadInput(CliRunner.Run("quickstart", "--out", ekv), "--out", "is a file");
    }

    [Fact]
    public void Eval_Rejects_EmbeddingsWithDuplicateIds()
    {
        // Two rows with id "a": labels could not be joined to rows unambiguously.
        string txt = Write("dup.txt", "2 3\na 1 2 3\na 4 5 6\n");
        string labels = Write("l.tsv", "a\t1\n");
        AssertBadInput(CliRunner.Run("eval", "node-classification", txt, labels), "dup.txt", "same id 'a'");
        AssertBadInput(CliRunner.Run("convert", txt, _folder.File("dup.ekv")), "dup.txt", "same id 'a'");
        Assert.False(File.Exists(_folder.File("dup.ekv")));
    }

    [Fact]
    public void Eval_WarnsWhenNpyHasNoIdsFile()
    {
        string ekv = _folder.File("k.ekv"), npy = _folder.File("k.npy");
        Assert.Equal(0, CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", ekv, "--dim", "8").ExitCode);
        Assert.Equal(0, CliRunner.Run("convert", ekv, npy).ExitCode);
        File.Delete(_folder.File("k.ids.txt"));
        var r = CliRunner.Run("eval", "node-classification", npy, CliRunner.Data("karate/labels.tsv"), "--ratios", "0.5", "--repeats", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("no ids file k.ids.txt", r.Stderr);
    }

    [Fact]
    public void Commands_Reject_OptionWithoutValue_AndEmptyPaths()
    {
        AssertBadInput(CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", _folder.File("x.ekv"), "--dim"), "option --dim: expected a value");
        AssertBadInput(CliRunner.Run("convert", CliRunner.Data("karate/edges.tsv"), ""), "OUT", "empty string");
        AssertBadInput(CliRunner.Run("quickstart", "--out", ""), "--out", "empty string");
        Assert.False(File.Exists(_folder.File("x.ekv")));
    }

    [Fact]
    public void Embed_Rejects_InvalidUtf8_InsteadOfMergingIds()
    {
        // Latin-1 bytes ÿ, þ, é are three different ids; decoding them as U+FFFD would merge them into one node.
        string path = _folder.File("latin1.tsv");
        File.WriteAllBytes(path, [(byte)'a', 9, 0xFF, 10, (byte)'b', 9, 0xFE, 10, (byte)'c', 9, 0xE9, 10]);
        AssertBadInput(CliRunner.Run("embed", "graph", path, "-o", _folder.File("x.ekv")), "latin1.tsv", "invalid UTF-8");
    }

    [Fact]
    public void Embed_Rejects_OverflowingBeta()
    {
        // Karate degrees reach 17: 17^100 overflows float32, so the vectors would be NaN.
        string output = _folder.File("b.npy");
        AssertBadInput(CliRunner.Run("embed", "graph", CliRunner.Data("karate/edges.tsv"), "-o", output, "--beta", "100"), "overflowed float32", "--beta");
        Assert.False(File.Exists(output));
    }
}
