using System.Text;
using Embedkit.IO;

namespace Embedkit.Text;

/// <summary>
/// BERT's WordPiece tokenizer, matching Hugging Face's <c>BertTokenizer</c> (BasicTokenizer then
/// WordpieceTokenizer): control characters removed, whitespace (Unicode Zs, tab, newline, carriage return)
/// separates words, CJK ideographs and punctuation become tokens of their own, uncased models lower-case
/// and strip accents (NFD, drop Mn), and each word is split greedily into the longest vocabulary pieces,
/// later pieces carrying the <c>##</c> prefix; a word longer than <see cref="MaxCharsPerWord"/> code
/// points, or with no split into pieces, becomes <c>[UNK]</c>. Thread-safe; tokenising allocates nothing
/// beyond the caller's list.
/// </summary>
/// <remarks>
/// Lower-casing maps each code point by its simple Unicode mapping, as the Rust <c>tokenizers</c> library
/// behind sentence-transformers does (so a final capital sigma becomes σ, not Python's ς). Special-token
/// strings in the text (<c>[SEP]</c>) are tokenised as ordinary text, never as the special tokens.
/// </remarks>
public sealed class WordPieceTokenizer
{
    /// <summary>Longest word (code points) split into pieces; longer words are <c>[UNK]</c> (HF's <c>max_input_chars_per_word</c>).</summary>
    public const int MaxCharsPerWord = 100;

    private const int WordBufferLength = 2 * MaxCharsPerWord + 2 * AccentFolding.MaxFoldedLength;

    private readonly string[] _tokens;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _initial;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuation;

    private WordPieceTokenizer(string[] tokens, Dictionary<string, int> initial, Dictionary<string, int> continuation, bool lowerCase,
        int cls, int sep, int unk, int pad)
    {
        _tokens = tokens;
        _initial = initial.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuation = continuation.GetAlternateLookup<ReadOnlySpan<char>>();
        LowerCase = lowerCase;
        ClsId = cls;
        SepId = sep;
        UnkId = unk;
        PadId = pad;
    }

    /// <summary>Whether text is lower-cased and accent-stripped first (uncased models).</summary>
    public bool LowerCase { get; }

    /// <summary>Entries in the vocabulary.</summary>
    public int VocabularySize => _tokens.Length;

    /// <summary>Id of <c>[CLS]</c>, which starts every encoded text.</summary>
    public int ClsId { get; }

    /// <summary>Id of <c>[SEP]</c>, which ends every encoded text (kept when truncating).</summary>
    public int SepId { get; }

    /// <summary>Id of <c>[UNK]</c>.</summary>
    public int UnkId { get; }

    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PadId { get; }

    /// <summary>The vocabulary entry of <paramref name="id"/> (continuation pieces keep their <c>##</c>).</summary>
    public string Token(int id) => _tokens[id];

    /// <summary>Reads a BERT <c>vocab.txt</c>: one token per line, the line number (from 0) is its id.</summary>
    /// <exception cref="InvalidInputException">The file is missing, or lacks [CLS], [SEP], [UNK] or [PAD].</exception>
    public static WordPieceTokenizer Load(string path, bool lowerCase = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) ThrowHelper.InvalidInput("the vocabulary file does not exist (expected a BERT vocab.txt, one token per line)", path);
        using var reader = new StreamReader(path, InputFile.StrictUtf8);
        return Load(reader, lowerCase, path);
    }

    /// <summary>Reads a BERT vocabulary from <paramref name="reader"/>; <paramref name="file"/> names it in errors.</summary>
    public static WordPieceTokenizer Load(TextReader reader, bool lowerCase = true, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tokens = new List<string>(32_000);
        var initial = new Dictionary<string, int>(32_000, StringComparer.Ordinal);
        var continuation = new Dictionary<string, int>(8_000, StringComparer.Ordinal);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                // HF's load_vocab strips the trailing newline only; a later duplicate does not replace the first id.
                int id = tokens.Count;
                tokens.Add(line);
                if (line.StartsWith("##", StringComparison.Ordinal) && line.Length > 2) continuation.TryAdd(line[2..], id);
                initial.TryAdd(line, id);
            }
        }
        catch (DecoderFallbackException e)
        {
            ThrowHelper.InvalidInput($"the vocabulary is not valid UTF-8 ({e.Message})", file, tokens.Count + 1);
        }
        int Require(string special)
        {
            if (!initial.TryGetValue(special, out int id))
                ThrowHelper.InvalidInput($"the vocabulary has no {special} token (expected a BERT vocab.txt with [PAD], [UNK], [CLS] and [SEP]; found {tokens.Count} lines)", file, field: special);
            return id;
        }
        return new WordPieceTokenizer(tokens.ToArray(), initial, continuation, lowerCase, Require("[CLS]"), Require("[SEP]"), Require("[UNK]"), Require("[PAD]"));
    }

    /// <summary>Appends the word-piece ids of <paramref name="text"/> (without [CLS] and [SEP]) to <paramref name="ids"/>.</summary>
    public void Tokenize(ReadOnlySpan<char> text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Span<char> word = stackalloc char[WordBufferLength];
        Span<char> folded = stackalloc char[AccentFolding.MaxFoldedLength];
        Span<char> single = stackalloc char[2];
        int length = 0, runes = 0;
        foreach (Rune original in text.EnumerateRunes())
        {
            if (BertCharacters.IsRemoved(original)) continue;
            if (BertCharacters.IsWhitespace(original))
            {
                EmitWord(word[..length], runes, ids);
                length = runes = 0;
                continue;
            }
            bool cjk = BertCharacters.IsCjk(original.Value);
            if (cjk)
            {
                EmitWord(word[..length], runes, ids);
                length = runes = 0;
            }
            int n;
            if (LowerCase) n = AccentFolding.Fold(Rune.ToLowerInvariant(original), folded);
            else n = original.EncodeToUtf16(folded);
            for (int at = 0; at < n;)
            {
                Rune.DecodeFromUtf16(folded[at..n], out Rune rune, out int used);
                if (BertCharacters.IsPunctuation(rune))
                {
                    EmitWord(word[..length], runes, ids);
                    length = runes = 0;
                    int m = rune.EncodeToUtf16(single);
                    EmitWord(single[..m], 1, ids);
                }
                else
                {
                    if (runes <= MaxCharsPerWord) length += rune.EncodeToUtf16(word[length..]);
                    runes++;
                }
                at += used;
            }
            if (cjk)
            {
                EmitWord(word[..length], runes, ids);
                length = runes = 0;
            }
        }
        EmitWord(word[..length], runes, ids);
    }

    /// <summary>The ids BERT sees for <paramref name="text"/>: <c>[CLS]</c>, at most <paramref name="maxTokens"/> − 2 pieces, <c>[SEP]</c>.</summary>
    public int[] Encode(string text, int maxTokens, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var pieces = new List<int>();
        Tokenize(text, pieces);
        int kept = Math.Min(pieces.Count, maxTokens - 2);
        truncated = kept < pieces.Count;
        var ids = new int[kept + 2];
        ids[0] = ClsId;
        pieces.CopyTo(0, ids, 1, kept);
        ids[^1] = SepId;
        return ids;
    }

    /// <summary>The vocabulary entries of <paramref name="text"/>'s pieces (for inspection and tests).</summary>
    public IReadOnlyList<string> TokenStrings(string text)
    {
        var ids = new List<int>();
        Tokenize(text, ids);
        return ids.ConvertAll(id => _tokens[id]);
    }

    private void EmitWord(ReadOnlySpan<char> word, int runes, List<int> ids)
    {
        if (runes == 0) return;
        if (runes > MaxCharsPerWord)
        {
            ids.Add(UnkId);
            return;
        }
        int mark = ids.Count;
        int start = 0;
        while (start < word.Length)
        {
            var lookup = start == 0 ? _initial : _continuation;
            int end = word.Length;
            int id = -1;
            while (end > start)
            {
                if (lookup.TryGetValue(word[start..end], out id)) break;
                id = -1;
                end--;
                if (end > start && char.IsLowSurrogate(word[end])) end--; // never split a surrogate pair
            }
            if (id < 0)
            {
                ids.RemoveRange(mark, ids.Count - mark);
                ids.Add(UnkId);
                return;
            }
            ids.Add(id);
            start = end;
        }
    }
}
