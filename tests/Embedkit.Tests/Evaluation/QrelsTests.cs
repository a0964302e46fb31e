using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public class QrelsTests
{
    private static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ek-qrels-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_BeirFileWithHeader_AndTrecFile_GiveTheSameJudgments()
    {
        string beir = Write("query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\nq2\td3\t1\n");
        string trec = Write("q1 0 d1 2\nq1 0 d2 0\nq2 0 d3 1\n");
        try
        {
            foreach (var qrels in new[] { Qrels.Read(beir), Qrels.Read(trec) })
            {
                Assert.Equal(["q1", "q2"], qrels.Queries);
                Assert.Equal(3, qrels.Count);
                Assert.Equal(2, qrels.Of("q1")!["d1"]);
                Assert.Equal(0, qrels.Of("q1")!["d2"]);
                Assert.Null(qrels.Of("q9"));
            }
        }
        finally { File.Delete(beir); File.Delete(trec); }
    }

    [Theory]
    [InlineData("q1\td1\t1\nq1\td2\tx\n", 2, "score", "expected an integer relevance")]
    [InlineData("q1\td1\t1\nq1\td1\t0\n", 2, "corpus-id", "repeats")]
    [InlineData("q1\td1\n", 1, null, "expected 3 tab-separated fields")]
    [InlineData("q1\t\t1\n", 1, "corpus-id", "empty field")]
    public void Read_Rejects_BadLines_NamingLineAndField(string text, int line, string? field, string message)
    {
        string path = Write(text);
        try
        {
            var e = Assert.Throws<InvalidInputException>(() => Qrels.Read(path));
            Assert.Equal(line, e.Line);
            Assert.Equal(field, e.Field);
            Assert.Contains(message, e.Message);
        }
        finally { File.Delete(path); }
    }
}
