using System.Text;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

public class WordPieceTokenizerTests
{
    private static WordPieceTokenizer Tokenizer => TextModelFixture.Tokenizer;

    private static int[] Pieces(string text)
    {
        var ids = new List<int>();
        Tokenizer.Tokenize(text, ids);
        return ids.ToArray();
    }

    // Golden ids worked out by hand: each expected token looked up in the bundled bert-base-uncased vocab.txt
    // (line number from 0 = id; e.g. line 1996 is "the"), following HF BasicTokenizer's rules for each input.
    [Theory]
    [InlineData("The weather is lovely today.", new[] { 1996, 4633, 2003, 8403, 2651, 1012 })] // the weather is lovely today .
    [InlineData("It's so sunny outside!", new[] { 2009, 1005, 1055, 2061, 11559, 2648, 999 })] // it ' s so sunny outside !
    [InlineData("Café naïve RÉSUMÉ", new[] { 7668, 15743, 13746 })] // accents stripped after lower-casing: cafe naive resume
    [InlineData("Cafe\u0301", new[] { 7668 })] // a combining acute (Mn) is dropped: cafe
    [InlineData("東京", new[] { 1879, 1755 })] // CJK: one token per ideograph, 東 京
    [InlineData("hello😀world", new[] { 100 })] // 😀 is neither punctuation nor CJK: "hello😀world" is one word with no WordPiece split → [UNK]
    [InlineData("hello\tworld\nnew\r\nline", new[] { 7592, 2088, 2047, 2240 })] // tab, newline, CR are whitespace
    [InlineData("https://www.example.com", new[] { 16770, 1024, 1013, 1013, 7479, 1012, 2742, 1012, 4012 })] // https : / / www . example . com
    [InlineData("don't", new[] { 2123, 1005, 1056 })] // don ' t
    [InlineData("hel\u0000lo \u200Bworld\u0007", new[] { 7592, 2088 })] // NUL, zero-width space (Cf) and BEL (Cc) removed before splitting
    [InlineData("$5+3^2`", new[] { 1002, 1019, 1009, 1017, 1034, 1016, 1036 })] // ASCII 33-47/58-64/91-96/123-126 are punctuation: $ 5 + 3 ^ 2 `
    [InlineData("playing tokenization embedkit", new[] { 2652, 19204, 3989, 7861, 8270, 23615 })] // playing; token ##ization; em ##bed ##kit (longest match first)
    [InlineData(" \t\n\u3000 ", new int[0])] // only whitespace (U+3000 is Zs): no tokens
    [InlineData("", new int[0])]
    public void Tokenize_MatchesHandWorkedIds(string text, int[] expected)
    {
        Assert.Equal(expected, Pieces(text));
    }

    [Fact]
    public void Tokenize_EmojiBetweenSpaces_IsOneUnknownToken()
    {
        // "hello 😀 world": 😀 (So, not punctuation, not CJK) is its own word and not in the vocab → [UNK] (id 100).
        Assert.Equal([7592, 100, 2088], Pieces("hello 😀 world"));
    }

    [Fact]
    public void Tokenize_WordOfMoreThan100Chars_IsUnknown()
    {
        // HF max_input_chars_per_word = 100: 101 letters → [UNK]; 100 letters are split into pieces (not [UNK]).
        Assert.Equal([100], Pieces(new string('a', 101)));
        int[] hundred = Pieces(new string('a', 100));
        Assert.DoesNotContain(100, hundred);
        // a then ##a… pieces: the first piece is a word-initial entry, every later one a ## entry.
        Assert.All(hundred.Skip(1), id => Assert.StartsWith("##", Tokenizer.Token(id)));
    }

    [Fact]
    public void Tokenize_LongWordOfSurrogatePairs_CountsCodePoints()
    {
        // 60 emoji are 120 UTF-16 units but 60 code points, under the 100 limit: still one [UNK] (no piece matches),
        // and 101 of them are also one [UNK]; neither throws or splits a surrogate pair.
        Assert.Equal([100], Pieces(string.Concat(Enumerable.Repeat("😀", 60))));
        Assert.Equal([100], Pieces(string.Concat(Enumerable.Repeat("😀", 101))));
    }

    [Fact]
    public void Encode_TruncatesToTheWindow_KeepingSep()
    {
        // 300 × "hello" = 300 pieces; a 256-token window holds [CLS], 254 pieces and [SEP].
        int[] ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("hello", 300)), 256, out bool truncated);
        Assert.True(truncated);
        Assert.Equal(256, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.All(ids[1..^1], id => Assert.Equal(7592, id));
    }

    [Fact]
    public void Encode_EmptyText_IsClsSep()
    {
        Assert.Equal([101, 102], Tokenizer.Encode("", 256, out bool truncated));
        Assert.False(truncated);
    }

    [Fact]
    public void Tokenize_HangulAndRightToLeft_DoNotThrowAndMatchTheReference()
    {
        // Hangul decomposes (NFD) into conjoining jamo, which the vocab holds as single characters; the reference
        // FastBertTokenizer cannot normalise in this invariant-globalisation process, so here the expected
        // jamo come from Unicode's arithmetic decomposition: 한 = U+1112 U+1161 U+11AB.
        string[] tokens = [.. Tokenizer.TokenStrings("한")];
        Assert.Equal(["\u1112", "##\u1161", "##\u11AB"], tokens);
        Assert.NotEmpty(Pieces("مرحبا بالعالم שלום"));
    }

    [Fact]
    public void Load_RejectsVocabularyWithoutSpecialTokens()
    {
        var e = Assert.Throws<InvalidInputException>(() => WordPieceTokenizer.Load(new StringReader("[PAD]\n[UNK]\nhello\n"), file: "vocab.txt"));
        Assert.Contains("vocab.txt", e.Message);
        Assert.Contains("[CLS]", e.Message);
    }

    /// <summary>
    /// FastBertTokenizer (an independent WordPiece implementation that matched Hugging Face on probes) gives the
    /// same ids on 400 real sentences: STS-B test pairs, SciFact titles and SciFact sentences with non-ASCII text.
    /// This process runs with invariant globalisation, where .NET's string normalisation (which FastBertTokenizer
    /// uses for accent stripping) does nothing, so sentences with a decomposable character are left to the
    /// hand-worked accent tests above.
    /// </summary>
    [Fact]
    public void Tokenize_MatchesFastBertTokenizer_OnRealSentences()
    {
        var reference = new FastBertTokenizer.BertTokenizer();
        using (var vocabulary = new StringReader(string.Join('\n', Enumerable.Range(0, Tokenizer.VocabularySize).Select(Tokenizer.Token))))
            reference.LoadVocabulary(vocabulary, true, "[UNK]", "[CLS]", "[SEP]", "[PAD]", NormalizationForm.FormD);
        string[] sentences = File.ReadAllLines(TextModelFixture.Data("sentences.txt"));
        Assert.Equal(400, sentences.Length);
        int compared = 0;
        var ids = new long[512];
        var mask = new long[512];
        foreach (string sentence in sentences)
        {
            if (HasDecomposable(sentence)) continue;
            reference.Encode(sentence, ids, mask, 512);
            long[] expected = ids[..(int)mask.Sum()]; // it pads to the maximum: the mask says how many are real
            int[] ours = Tokenizer.Encode(sentence, 512, out _);
            Assert.True(expected.SequenceEqual(ours.Select(i => (long)i)),
                $"'{sentence}': FastBertTokenizer {string.Join(' ', expected)}, ours {string.Join(' ', ours)}");
            compared++;
        }
        Assert.True(compared >= 350, $"only {compared} sentences compared");
    }

    private static bool HasDecomposable(string text)
    {
        Span<char> folded = stackalloc char[8];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value < 0xC0) continue;
            var lower = Rune.ToLowerInvariant(rune);
            int n = AccentFolding.Fold(lower, folded);
            if (n != lower.Utf16SequenceLength || !folded[..n].SequenceEqual(lower.ToString())) return true;
        }
        return false;
    }
}
