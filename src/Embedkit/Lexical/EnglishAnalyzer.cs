using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Embedkit.Lexical;

/// <summary>
/// The analyzer of Anserini's BEIR "flat" regressions, run through Lucene.Net's own components so that the tokens are
/// Lucene's: the Unicode word-break (UAX #29) <c>StandardTokenizer</c>, the English possessive filter ("Bob's" → "Bob"),
/// lower-casing, Lucene's 33-word English stop set (<c>StopAnalyzer.ENGLISH_STOP_WORDS_SET</c>) and the Porter stemmer.
/// Tokens longer than 255 characters are dropped, as Lucene's <c>StandardTokenizer</c> does.
/// Thread-safe: Lucene keeps one token stream per thread.
/// </summary>
public sealed class EnglishAnalyzer : IDisposable
{
    private const string Field = "contents";
    private readonly Lucene.Net.Analysis.En.EnglishAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>, in order, repeats kept.</summary>
    public void Analyze(string text, List<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        using TokenStream stream = _analyzer.GetTokenStream(Field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(term.ToString());
        stream.End();
    }

    /// <summary>The tokens of <paramref name="text"/>, in order, repeats kept.</summary>
    public List<string> Analyze(string text)
    {
        var tokens = new List<string>();
        Analyze(text, tokens);
        return tokens;
    }

    /// <inheritdoc />
    public void Dispose() => _analyzer.Dispose();
}
