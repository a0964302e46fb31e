using Embedkit.SkipGram;

namespace Embedkit.Text;

/// <summary>
/// Skip-gram pairs from the sentences of a <see cref="WordCorpus"/>, with word2vec's sub-sampling of
/// frequent words (decided per token from a stream seeded by (seed, epoch, sentence)). A chunk is a
/// run of whole sentences of about 2¹⁷ tokens.
/// </summary>
internal sealed class SentencePairSource : PairSource
{
    private const long TokensPerChunk = 1 << 17;
    private readonly WordCorpus _corpus;
    private readonly SkipGramOptions _options;
    private readonly double[] _frequencies;
    private readonly float[]? _keep;
    private readonly int[] _chunkStarts;
    private readonly ThreadLocal<int[]> _buffers = new(() => new int[WordCorpus.MaxSentenceLength]);
    private long _trained;

    public SentencePairSource(WordCorpus corpus, SkipGramOptions options)
    {
        _corpus = corpus;
        _options = options;
        _frequencies = new double[corpus.Words.Count];
        for (int i = 0; i < _frequencies.Length; i++) _frequencies[i] = corpus.Counts[i];
        if (options.Subsample > 0)
        {
            // word2vec / gensim: keep with probability (√(c / (t·N)) + 1)·(t·N) / c.
            double threshold = options.Subsample * corpus.TokenCount;
            _keep = new float[_frequencies.Length];
            for (int i = 0; i < _keep.Length; i++)
                _keep[i] = (float)Math.Min(1, (Math.Sqrt(_frequencies[i] / threshold) + 1) * threshold / _frequencies[i]);
        }
        var starts = new List<int> { 0 };
        long nextBoundary = TokensPerChunk;
        for (int s = 0; s < corpus.SentenceCount; s++)
        {
            if (corpus.SentenceStart(s) >= nextBoundary)
            {
                starts.Add(s);
                nextBoundary = corpus.SentenceStart(s) + TokensPerChunk;
            }
        }
        starts.Add(corpus.SentenceCount);
        _chunkStarts = starts.ToArray();
    }

    public override int RowCount => _corpus.Words.Count;

    public override ReadOnlySpan<double> Frequencies => _frequencies;

    public override long ChunksPerEpoch => _chunkStarts.Length - 1;

    /// <summary>Tokens trained on after sub-sampling, over all epochs so far.</summary>
    public long TrainedTokens => Interlocked.Read(ref _trained);

    public override void Generate(int epoch, long chunk, int slice, int slices, PairSink sink)
    {
        int first = _chunkStarts[chunk];
        int count = _chunkStarts[chunk + 1] - first;
        int from = first + (int)((long)count * slice / slices);
        int to = first + (int)((long)count * (slice + 1) / slices);
        int[] buffer = _buffers.Value!;
        long trained = 0;
        for (int s = from; s < to; s++)
        {
            var sentence = _corpus.Sentence(s);
            var random = SplitMix64.ForStream(_options.Seed ^ 0x1F83D9ABFB41BD6BUL, (ulong)epoch * (ulong)_corpus.SentenceCount + (ulong)s);
            int length = 0;
            if (_keep is null)
            {
                sentence.CopyTo(buffer);
                length = sentence.Length;
            }
            else
            {
                foreach (int token in sentence)
                    if (_keep[token] >= 1 || random.NextDouble() < _keep[token]) buffer[length++] = token;
            }
            trained += length;
            WindowPairs.Add(buffer.AsSpan(0, length), _options.Window, ref random, sink);
        }
        Interlocked.Add(ref _trained, trained);
    }
}
