using Embedkit.Evaluation;

namespace Embedkit.Tests.Evaluation;

public sealed class BeirDatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ek-beir-{Guid.NewGuid():N}");

    public BeirDatasetTests() => Directory.CreateDirectory(Path.Combine(_dir, "qrels"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string corpus, string queries = "{\"_id\": \"q1\", \"text\": \"cats\"}\n", string qrels = "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    {
        File.WriteAllText(Path.Combine(_dir, "corpus.jsonl"), corpus);
        File.WriteAllText(Path.Combine(_dir, "queries.jsonl"), queries);
        File.WriteAllText(Path.Combine(_dir, "qrels", "test.tsv"), qrels);
    }

    private InvalidInputException Fails() => Assert.Throws<InvalidInputException>(() => BeirDataset.Load(_dir));

    [Fact]
    public void Load_SciFactSubset_CountsWhatItKeeps()
    {
        // TestData/beir/scifact-mini (make_scifact_mini.py): 357 documents, 40 test queries with 44 qrels lines,
        // and 5 train queries that the test split does not judge.
        var data = BeirDataset.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "beir", "scifact-mini"));
        Assert.Equal("scifact-mini", data.Name);
        Assert.Equal(357, data.Corpus.Count);
        Assert.Equal(40, data.Queries.Count);
        Assert.Equal(44, data.Qrels.Count);
        Assert.Equal(5, data.QueriesWithoutQrels);
        Assert.Empty(data.UnknownQueries);
        Assert.Equal(0, data.UnknownDocumentJudgments);
        // The subset's first line (SciFact document 19238), title + " " + text as BEIR indexes it.
        Assert.Equal("19238", data.Corpus[0].Id);
        Assert.StartsWith("The human myelin basic protein gene is included within a 179-kilobase transcription unit: expression in the immune and central nervous systems. Two human Golli", data.Corpus[0].Contents);
    }

    [Fact]
    public void Load_AcceptsNumericIds_MissingTitles_BlankLines_AndWhitespaceText()
    {
        Write("{\"_id\": 7, \"text\": \"solar wind\"}\n\n{\"_id\": \"d1\", \"title\": null, \"text\": \"  \", \"metadata\": {}}\n");
        var data = BeirDataset.Load(_dir);
        Assert.Equal(["7", "d1"], data.Corpus.Select(d => d.Id));
        Assert.Equal("solar wind", data.Corpus[0].Contents);
        Assert.Equal("  ", data.Corpus[1].Contents);
    }

    [Fact]
    public void Load_Reports_UnknownQueriesAndDocuments_InTheQrels()
    {
        Write("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"a\"}\n{\"_id\": \"q2\", \"text\": \"b\"}\n",
            "q1\td1\t1\nq1\tgone\t1\nq9\td1\t1\n");
        var data = BeirDataset.Load(_dir);
        Assert.Equal(["q1"], data.Queries.Select(q => q.Id));
        Assert.Equal(["q9"], data.UnknownQueries);
        Assert.Equal(1, data.UnknownDocumentJudgments); // q1 → gone (q9 → d1 names a known document)
        Assert.Equal(1, data.QueriesWithoutQrels);       // q2
    }

    [Fact]
    public void Load_Rejects_AnEmptyCorpus()
    {
        Write("\n");
        Assert.Contains("no documents", Fails().Message);
    }

    [Fact]
    public void Load_Rejects_ALineThatDoesNotParse_NamingFileAndLine()
    {
        Write("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": \"b\"\n");
        var e = Fails();
        Assert.EndsWith("corpus.jsonl", e.File);
        Assert.Equal(2, e.Line);
        Assert.Contains("does not parse", e.Message);
    }

    [Theory]
    [InlineData("{\"title\": \"t\", \"text\": \"a\"}", "_id", "no such field")]
    [InlineData("{\"_id\": \"d1\", \"title\": \"t\"}", "text", "no such field")]
    [InlineData("{\"_id\": \"d1\", \"text\": 5}", "text", "found a JSON number")]
    [InlineData("{\"_id\": [1], \"text\": \"a\"}", "_id", "found a JSON array")]
    [InlineData("{\"_id\": \"\", \"text\": \"a\"}", "_id", "empty string")]
    public void Load_Rejects_AMissingOrMistypedField_NamingIt(string line, string field, string message)
    {
        Write(line + "\n");
        var e = Fails();
        Assert.Equal(field, e.Field);
        Assert.Equal(1, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Load_Rejects_ADuplicateId_NamingBothLines()
    {
        Write("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": \"b\"}\n{\"_id\": \"d1\", \"text\": \"c\"}\n");
        var e = Fails();
        Assert.Equal(3, e.Line);
        Assert.Contains("'d1' repeats line 1", e.Message);
    }

    [Fact]
    public void Load_Rejects_AJsonValueThatIsNotAnObject()
    {
        Write("[\"d1\", \"a\"]\n");
        Assert.Contains("found a JSON array", Fails().Message);
    }

    [Fact]
    public void Load_Rejects_AMissingSplit_ListingThoseThere()
    {
        Write("{\"_id\": \"d1\", \"text\": \"a\"}\n");
        var e = Assert.Throws<InvalidInputException>(() => BeirDataset.Load(_dir, "dev"));
        Assert.Contains("splits present: test", e.Message);
        Assert.Equal("--split", e.Field);
    }

    [Fact]
    public void Load_Rejects_QrelsThatJudgeNoQueryOfTheQueriesFile()
    {
        Write("{\"_id\": \"d1\", \"text\": \"a\"}\n", qrels: "q7\td1\t1\n");
        var e = Fails();
        Assert.EndsWith("test.tsv", e.File);
        Assert.Contains("none of the 1 queries judged here is in queries.jsonl", e.Message);
    }

    [Fact]
    public void Load_KeepsControlCharactersEmojiAndRightToLeftText()
    {
        Write("{\"_id\": \"d1\", \"title\": \"שלום\", \"text\": \"\\u0001 😀 東京\"}\n");
        var doc = BeirDataset.Load(_dir).Corpus[0];
        Assert.Equal("שלום \u0001 😀 東京", doc.Contents);
    }
}
