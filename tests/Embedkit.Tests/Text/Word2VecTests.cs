using System.Numerics.Tensors;
using Embedkit.SkipGram;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

public class Word2VecTests
{
    [Fact]
    public void Train_PlacesWordsThatShareContexts_CloserThanWordsThatDoNot()
    {
        // Two topics whose sentences never mix: skip-gram must put words of one topic nearer each other
        // than to the other topic's words (the distributional hypothesis word2vec is built on).
        var random = new Random(3);
        string[][] topics = [["cat", "dog", "pet", "fur", "paw"], ["stock", "bond", "fund", "price", "trade"]];
        var lines = Enumerable.Range(0, 2000).Select(i =>
        {
            var topic = topics[i % 2];
            return string.Join(' ', Enumerable.Range(0, 8).Select(_ => topic[random.Next(topic.Length)]));
        });
        var corpus = WordCorpus.Read(new StringReader(string.Join('\n', lines)), 1);
        var run = Word2Vec.Train(corpus, Word2Vec.TextDefaults with { Dimension = 16, Subsample = 0, Threads = 2 });
        var set = run.Embeddings;
        float Cosine(string a, string b) => TensorPrimitives.CosineSimilarity(set.Row(Index(a)), set.Row(Index(b)));
        int Index(string w) => set.Ids.ToList().IndexOf(w);
        Assert.True(Cosine("cat", "dog") > Cosine("cat", "stock") + 0.3);
        Assert.True(Cosine("bond", "fund") > Cosine("bond", "paw") + 0.3);
        Assert.Equal("word2vec", set.Provenance.Method);
        Assert.Equal(2000L * 8 * 5, run.Statistics.Tokens);
    }

    [Fact]
    public void Train_OnAWalkFile_IsDeepWalkOnThoseWalks_AndReproducible()
    {
        var corpus = WordCorpus.Read(new StringReader("1 2 3 4\n4 3 2 1\n2 4 1 3"), 1);
        var options = new SkipGramOptions { Dimension = 8, Window = 2, Negatives = 2, Threads = 1 };
        Assert.Equal(Word2Vec.Train(corpus, options).Embeddings.Array, Word2Vec.Train(corpus, options).Embeddings.Array);
    }
}
