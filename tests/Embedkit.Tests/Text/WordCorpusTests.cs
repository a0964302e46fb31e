using Embedkit.Text;

namespace Embedkit.Tests.Text;

public class WordCorpusTests
{
    private static WordCorpus Read(string text, int minCount = 1) => WordCorpus.Read(new StringReader(text), minCount, "corpus.txt");

    [Fact]
    public void Read_SplitsOnSpacesAndTabs_OneSentencePerLine()
    {
        var corpus = Read("the cat\tsat\r\n\n  on  the mat \nthe end");
        // Counts: the 3, then cat sat on mat end once each, in first-seen order.
        Assert.Equal(["the", "cat", "sat", "on", "mat", "end"], corpus.Words);
        Assert.Equal([3L, 1, 1, 1, 1, 1], corpus.Counts.ToArray());
        Assert.Equal(3, corpus.SentenceCount);
        Assert.Equal([0, 1, 2], corpus.Sentence(0).ToArray());
        Assert.Equal([3, 0, 4], corpus.Sentence(1).ToArray());
        Assert.Equal([0, 5], corpus.Sentence(2).ToArray());
        Assert.Equal(8, corpus.TokenCount);
    }

    [Fact]
    public void Read_DropsRareWords_AndSentencesLeftEmpty()
    {
        var corpus = Read("a b a\nc d\nb a c\na", minCount: 2);
        // a: 4, b: 2, c: 2, d: 1 (dropped); "c d" keeps c only.
        Assert.Equal(["a", "b", "c"], corpus.Words);
        Assert.Equal(4, corpus.SentenceCount);
        Assert.Equal([2], corpus.Sentence(1).ToArray());
        Assert.Equal(9, corpus.RawTokenCount);
        Assert.Equal(8, corpus.TokenCount);
        var onlyRare = Read("x y\nz", minCount: 1);
        Assert.Equal(2, onlyRare.SentenceCount);
    }

    [Fact]
    public void Read_CutsLongLines_AtTheMaximumSentenceLength()
    {
        string line = string.Join(' ', Enumerable.Range(0, WordCorpus.MaxSentenceLength + 5).Select(i => "w" + (i % 3)));
        var corpus = Read(line);
        Assert.Equal(2, corpus.SentenceCount);
        Assert.Equal(WordCorpus.MaxSentenceLength, corpus.Sentence(0).Length);
        Assert.Equal(5, corpus.Sentence(1).Length);
    }

    [Fact]
    public void Read_KeepsUnicodeTokensExactly()
    {
        var corpus = Read("東京 café 🙂 café");
        Assert.Equal(["café", "東京", "🙂"], corpus.Words);
    }

    [Fact]
    public void Read_Refuses_AnEmptyCorpus_AndOneWithoutAFrequentWord()
    {
        Assert.Contains("no tokens", Assert.Throws<InvalidInputException>(() => Read(" \n\t\n")).Message);
        var e = Assert.Throws<InvalidInputException>(() => Read("a b a c", minCount: 5));
        Assert.Contains("no word occurs at least --min-count 5 times", e.Message);
        Assert.Contains("'a', occurs 2 times", e.Message);
        Assert.Equal("corpus.txt", e.File);
    }
}
