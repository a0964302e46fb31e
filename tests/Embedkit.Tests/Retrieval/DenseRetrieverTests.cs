using Embedkit.Retrieval;
using Embedkit.Tests.Text;

namespace Embedkit.Tests.Retrieval;

public class DenseRetrieverTests
{
    [Fact]
    public void Search_ReturnsDocumentsByCosine_InTrecOrder()
    {
        // Bag-of-words cosines with "banana" (no collisions, checked): d1 "apple banana" 1/√2 = 0.7071,
        // d3 "banana cherry date" 1/√3 = 0.5774, d2 "cherry" 0; d4 is a copy of d1 and ties with it (id descending: d4 first).
        string[] texts = ["apple banana", "cherry", "banana cherry date", "apple banana"];
        var encoder = new HashingTestEncoder();
        encoder.RequireNoCollisions(texts);
        var retriever = DenseRetriever.Build(encoder, ["d1", "d2", "d3", "d4"], texts, batchSize: 3);
        var hits = retriever.Search(["banana", "cherry"], k: 3);
        Assert.Equal(["d4", "d1", "d3"], hits[0].Select(h => h.Id));
        Assert.Equal(1 / Math.Sqrt(2), hits[0][0].Score, 6);
        Assert.Equal(1 / Math.Sqrt(3), hits[0][2].Score, 6);
        Assert.Equal("d2", hits[1][0].Id);
        Assert.Equal(1.0, hits[1][0].Score, 6);
    }

    [Fact]
    public void Search_DeeperThanTheCorpus_ReturnsEveryDocument()
    {
        var retriever = DenseRetriever.Build(new HashingTestEncoder(), ["a", "b"], ["x", "y"]);
        Assert.Equal(2, retriever.Search(["x"], k: 100)[0].Length);
    }

    [Fact]
    public void Build_Rejects_EmptyCorpus_AndDuplicateIds()
    {
        Assert.Throws<InvalidInputException>(() => DenseRetriever.Build(new HashingTestEncoder(), [], []));
        Assert.Contains("'a' repeats", Assert.Throws<InvalidInputException>(() => DenseRetriever.Build(new HashingTestEncoder(), ["a", "a"], ["x", "y"])).Message);
    }
}
