using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public sealed class StsDatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ek-sts-{Guid.NewGuid():N}");

    public StsDatasetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_OriginalCsv_TakesFields5To7_AndIgnoresExtraSourceFields()
    {
        // The first two lines of STS-B's sts-test.csv, the second with the two extra source fields some lines carry.
        string path = Write("sts-test.csv",
            "main-captions\tMSRvid\t2012test\t0024\t2.500\tA girl is styling her hair.\tA girl is brushing her hair.\n" +
            "main-news\theadlines\t2015\t0001\t0.000\tx \ty\tsrc1\tsrc2\n");
        var pairs = StsDataset.Read(path);
        Assert.Equal(new StsPair("A girl is styling her hair.", "A girl is brushing her hair.", 2.5), pairs[0]);
        Assert.Equal(new StsPair("x ", "y", 0), pairs[1]); // trailing space kept
    }

    [Fact]
    public void Read_HeaderedTsv_ByColumnName_AndPlainTsv_AsSentence1Sentence2Score()
    {
        var headered = StsDataset.Read(Write("a.tsv", "score\tsentence1\tsentence2\tgenre\n3.6\tA b.\tC d.\tnews\n1\te\tf\tnews\n"));
        Assert.Equal(new StsPair("A b.", "C d.", 3.6), headered[0]);
        var plain = StsDataset.Read(Write("b.tsv", "A b.\tC d.\t3.6\ne\tf\t1\n"));
        Assert.Equal(headered, plain);
    }

    [Fact]
    public void Read_Folder_PrefersSplitTsv_ThenOriginalCsv()
    {
        Write("sts-dev.csv", "g\tf\ty\t1\t1.0\ta\tb\ng\tf\ty\t2\t2.0\tc\td\n");
        Assert.Equal("a", StsDataset.Read(_dir, "dev")[0].Sentence1);
        Write("dev.tsv", "score\tsentence1\tsentence2\n4\tp\tq\n5\tr\ts\n");
        Assert.Equal("p", StsDataset.Read(_dir, "dev")[0].Sentence1);
        var e = Assert.Throws<InvalidInputException>(() => StsDataset.Read(_dir, "train"));
        Assert.Contains("train.tsv or sts-train.csv", e.Message);
    }

    [Fact]
    public void Read_Rejects_ABadScore_AndTooFewFields_NamingTheLine()
    {
        var e = Assert.Throws<InvalidInputException>(() => StsDataset.Read(Write("c.tsv", "a\tb\t1\na\tb\tNaN\n")));
        Assert.Equal(2, e.Line);
        Assert.Equal("score", e.Field);
        e = Assert.Throws<InvalidInputException>(() => StsDataset.Read(Write("d.tsv", "a\tb\t1\na\tb\n")));
        Assert.Equal(2, e.Line);
        Assert.Contains("at least 3 tab-separated fields", e.Message);
    }

    [Fact]
    public void Read_StsBenchmarkTestFile_Has1379Pairs()
    {
        // The shared STS-B copy (../shared/data/stsbenchmark, README: 1,379 test pairs); skipped in a fresh clone.
        string? dir = FindShared("stsbenchmark");
        if (dir is null) return;
        Assert.Equal(1379, StsDataset.Read(dir).Count);
        Assert.Equal(StsDataset.Read(dir), StsDataset.Read(Path.Combine(dir, "sts-test.csv")));
    }

    private static string? FindShared(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "..", "shared", "data", name);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
