using Embedkit.Graphs;

namespace Embedkit.Text;

/// <summary>
/// A tokenised text held as one array of word indices: each line is a sentence (longer lines are cut
/// into sentences of at most <see cref="MaxSentenceLength"/> tokens, as gensim does) and tokens are
/// separated by spaces or tabs, as word2vec and gensim's <c>LineSentence</c> split them. Words seen
/// fewer than <c>minCount</c> times are dropped from the vocabulary and from the sentences. Word
/// indices run by falling count (ties: first seen first). Memory: 4 bytes per kept token.
/// </summary>
public sealed class WordCorpus
{
    /// <summary>Longest sentence kept in one piece (gensim's <c>MAX_WORDS_IN_BATCH</c>).</summary>
    public const int MaxSentenceLength = 10_000;

    private readonly int[] _tokens;
    private readonly long[] _sentenceStarts;
    private readonly long[] _counts;

    private WordCorpus(IReadOnlyList<string> words, long[] counts, int[] tokens, long[] sentenceStarts, long rawTokens)
    {
        Words = words;
        _counts = counts;
        _tokens = tokens;
        _sentenceStarts = sentenceStarts;
        RawTokenCount = rawTokens;
    }

    /// <summary>The vocabulary, by falling count.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Occurrences of each word of <see cref="Words"/>.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Tokens kept (in the vocabulary).</summary>
    public long TokenCount => _tokens.LongLength;

    /// <summary>Tokens read, including those of words under the minimum count.</summary>
    public long RawTokenCount { get; }

    /// <summary>Sentences (lines, and pieces of long lines) with at least one kept token.</summary>
    public int SentenceCount => _sentenceStarts.Length - 1;

    /// <summary>Word indices of sentence <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Sentence(int index) =>
        _tokens.AsSpan((int)_sentenceStarts[index], (int)(_sentenceStarts[index + 1] - _sentenceStarts[index]));

    internal long SentenceStart(int index) => _sentenceStarts[index];

    /// <summary>Reads <paramref name="path"/> (UTF-8, <c>.gz</c> read transparently).</summary>
    /// <exception cref="InvalidInputException">The file is missing, not UTF-8, or has no word seen at least <paramref name="minCount"/> times.</exception>
    public static WordCorpus Read(string path, int minCount = 5, CancellationToken cancellationToken = default)
    {
        ThrowHelper.RequireOption(minCount >= 1, "--min-count (MinCount)", "a positive integer", minCount);
        using var reader = TextInput.Open(path);
        return Read(reader, minCount, path, cancellationToken);
    }

    /// <summary>Reads a corpus from <paramref name="reader"/>; <paramref name="file"/> names it in errors.</summary>
    public static WordCorpus Read(TextReader reader, int minCount, string? file = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ThrowHelper.RequireOption(minCount >= 1, "--min-count (MinCount)", "a positive integer", minCount);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new List<string>();
        var counts = new GrowableArray<long>(1024);
        var tokens = new GrowableArray<int>(1 << 16);
        var starts = new GrowableArray<long>(1024);
        starts.TryAdd(0);
        var lines = new LineReader(reader, file);
        while (lines.TryReadLine(out var line))
        {
            if ((lines.LineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            int inSentence = 0;
            int i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && IsSeparator(line[i])) i++;
                int start = i;
                while (i < line.Length && !IsSeparator(line[i])) i++;
                if (i == start) break;
                var word = line[start..i];
                if (!lookup.TryGetValue(word, out int id))
                {
                    id = words.Count;
                    string text = word.ToString();
                    ids.Add(text, id);
                    words.Add(text);
                    counts.TryAdd(0);
                }
                counts.AsSpan()[id]++;
                if (!tokens.TryAdd(id))
                    ThrowHelper.InvalidInput($"more than {Array.MaxLength:N0} tokens: too large for one corpus; split the file", file, lines.LineNumber);
                if (++inSentence == MaxSentenceLength) { starts.TryAdd(tokens.Count); inSentence = 0; }
            }
            if (inSentence > 0) starts.TryAdd(tokens.Count);
        }
        long raw = tokens.Count;
        if (raw == 0) ThrowHelper.InvalidInput("the corpus has no tokens (it is empty or only whitespace)", file);
        return Build(words, counts.AsSpan(), tokens.AsSpan(), starts.AsSpan(), minCount, raw, file);
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\r' or '\v' or '\f';

    private static WordCorpus Build(List<string> words, Span<long> counts, Span<int> tokens, Span<long> starts, int minCount,
        long raw, string? file)
    {
        int distinct = words.Count;
        var order = new int[distinct];
        for (int i = 0; i < distinct; i++) order[i] = i;
        var keys = counts.ToArray();
        Array.Sort(order, (x, y) => keys[y].CompareTo(keys[x]) is var c and not 0 ? c : x.CompareTo(y));
        int kept = 0;
        while (kept < distinct && keys[order[kept]] >= minCount) kept++;
        if (kept == 0)
            ThrowHelper.InvalidInput($"no word occurs at least --min-count {minCount} times (the most frequent, '{words[order[0]]}', occurs {keys[order[0]]} times); lower --min-count",
                file, field: "--min-count");
        var remap = new int[distinct];
        Array.Fill(remap, -1);
        var vocabulary = new string[kept];
        var keptCounts = new long[kept];
        for (int rank = 0; rank < kept; rank++)
        {
            remap[order[rank]] = rank;
            vocabulary[rank] = words[order[rank]];
            keptCounts[rank] = keys[order[rank]];
        }
        // Compact in place: drop rare tokens and the sentences left empty.
        int write = 0;
        int sentences = 0;
        long previousEnd = 0;
        for (int s = 1; s < starts.Length; s++)
        {
            long end = starts[s];
            int before = write;
            for (long t = previousEnd; t < end; t++)
            {
                int id = remap[tokens[(int)t]];
                if (id >= 0) tokens[write++] = id;
            }
            previousEnd = end;
            if (write > before) starts[++sentences] = write;
        }
        return new WordCorpus(vocabulary, keptCounts, tokens[..write].ToArray(), starts[..(sentences + 1)].ToArray(), raw);
    }
}
