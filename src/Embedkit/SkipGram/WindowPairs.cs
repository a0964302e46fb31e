namespace Embedkit.SkipGram;

/// <summary>Skip-gram's positive pairs of one sentence, as word2vec forms them.</summary>
internal static class WindowPairs
{
    /// <summary>
    /// For every position i, draws an effective window w uniformly from 1..<paramref name="window"/>
    /// and adds (sentence[c], sentence[i]) for every c ≠ i with |c − i| ≤ w: the context token is the
    /// input row and the centre token the output row, as in word2vec's skip-gram.
    /// </summary>
    public static void Add(ReadOnlySpan<int> sentence, int window, ref SplitMix64 random, PairSink sink)
    {
        for (int i = 0; i < sentence.Length; i++)
        {
            int reach = window - random.NextBelow(window);
            int from = Math.Max(0, i - reach);
            int to = Math.Min(sentence.Length - 1, i + reach);
            int centre = sentence[i];
            for (int c = from; c <= to; c++)
                if (c != i) sink.Add(sentence[c], centre);
        }
    }
}
