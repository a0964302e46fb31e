using Embedkit.Lexical;

namespace Embedkit.Tests.Lexical;

public class EnglishAnalyzerTests
{
    private static readonly EnglishAnalyzer Analyzer = new();

    [Fact]
    public void Analyze_LowerCases_DropsStopWordsAndPossessives_AndStems()
    {
        // By hand through Lucene's chain: "The" is in the English stop set; "runners'" ends at the apostrophe (UAX #29:
        // an apostrophe joins letters only between letters) → "runners" → Porter step 1a drops the s → "runner" (step 4
        // keeps "er": the stem "runn" has measure 1); "RUNNING" → "running" → step 1b drops "ing" and the double n → "run";
        // "quickly" → step 1c turns y into i → "quickli"; "Bob's" → the possessive filter → "bob"; "cats" → "cat".
        Assert.Equal(["runner", "run", "quickli", "bob", "cat"], Analyzer.Analyze("The runners' RUNNING quickly, Bob's cats!"));
    }

    [Fact]
    public void Analyze_KeepsRepeats_InOrder()
    {
        // "and" and "a" are stop words; "dogs" → "dog" twice.
        Assert.Equal(["dog", "cat", "dog"], Analyzer.Analyze("dogs and a cat and dogs"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("the and of a")]
    public void Analyze_EmptyWhitespaceOrStopWordsOnly_GivesNoTokens(string text)
    {
        Assert.Empty(Analyzer.Analyze(text));
    }

    [Fact]
    public void Analyze_SplitsIdeographs_KeepsRightToLeftWords_AndSkipsControlsAndEmoji()
    {
        // UAX #29 as Lucene's StandardTokenizer applies it: each Han ideograph is its own token; Hebrew and Arabic
        // letters form words like Latin ones; a control character (U+0001) breaks words and is not a token;
        // emoji are not word characters.
        Assert.Equal(["東", "京", "大", "学"], Analyzer.Analyze("東京大学"));
        Assert.Equal(["שלום", "עולם", "مرحبا"], Analyzer.Analyze("שלום עולם مرحبا"));
        Assert.Equal(["hello", "world", "test"], Analyzer.Analyze("hello\u0001world 😀 test"));
    }

    [Fact]
    public void Analyze_TokenLongerThan255Characters_IsDropped_AndLongTextsWork()
    {
        // Lucene's StandardTokenizer skips tokens over its 255-character limit.
        Assert.Empty(Analyzer.Analyze(new string('a', 100_000)));
        // 20,000 words "data " (100,000 characters) give 20,000 tokens, stemmed "data" → "data".
        var tokens = Analyzer.Analyze(string.Concat(Enumerable.Repeat("data ", 20_000)));
        Assert.Equal(20_000, tokens.Count);
        Assert.All(tokens, t => Assert.Equal("data", t));
    }
}
