using Embedkit.SkipGram;

namespace Embedkit.Tests.SkipGram;

public class SkipGramTrainerTests
{
    /// <summary>A source that yields the same pairs in every chunk, all from slice 0.</summary>
    private sealed class FixedPairs(int rows, double[] frequencies, (int Input, int Output)[] pairs, long chunks = 1, bool tied = false) : PairSource
    {
        public override int RowCount => rows;
        public override ReadOnlySpan<double> Frequencies => frequencies;
        public override long ChunksPerEpoch => chunks;
        public override bool TiedOutput => tied;

        public override void Generate(int epoch, long chunk, int slice, int slices, PairSink sink)
        {
            if (slice != 0) return;
            foreach (var (input, output) in pairs) sink.Add(input, output);
        }
    }

    private static readonly double[] OnlyRowTwoIsNegative = [0, 0, 1, 0];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_MatchesAWord2VecReference_OnAFixedPairSequence(bool tied)
    {
        // Reference: word2vec.c's skip-gram negative-sampling update, transcribed in double precision:
        // for each pair, for the positive and each negative target t, f = l1·o_t, g = (label − σ(f))·α
        // (σ from word2vec's EXP_TABLE, 1 beyond ±6), neu1e += g·o_t, o_t += g·l1; then l1 += neu1e.
        // Only row 2 has a negative-sampling weight, so every negative is row 2 (skipped when it is the
        // positive): the draws are known without the trainer's random stream. α falls linearly from 0.3
        // to 0.0001 over the pairs. The initial input matrix is read from a run without pairs.
        var pairs = Enumerable.Repeat(new[] { (0, 1), (1, 0), (3, 1), (0, 2), (2, 3) }, 40).SelectMany(p => p).ToArray();
        var options = new SkipGramOptions { Dimension = 20, Negatives = 1, LearningRate = 0.3, Threads = 1, Seed = 5 };
        int d = options.Dimension;
        float[] initial = SkipGramTrainer.Train(new FixedPairs(4, OnlyRowTwoIsNegative, [], tied: tied), options, null, default).Vectors;
        float[] trained = SkipGramTrainer.Train(new FixedPairs(4, OnlyRowTwoIsNegative, pairs, tied: tied), options, null, default).Vectors;

        double[][] input = Enumerable.Range(0, 4).Select(r => initial.Skip(r * d).Take(d).Select(x => (double)x).ToArray()).ToArray();
        double[][] output = tied ? input : Enumerable.Range(0, 4).Select(_ => new double[d]).ToArray();
        for (int q = 0; q < pairs.Length; q++)
        {
            double alpha = 0.3 - (0.3 - 0.0001) * q / pairs.Length;
            var (u, v) = pairs[q];
            var neu1e = new double[d];
            foreach (var (target, label) in new[] { (v, 1.0), (2, 0.0) })
            {
                if (label == 0 && target == v) continue;
                double f = 0;
                for (int i = 0; i < d; i++) f += input[u][i] * output[target][i];
                double g = (label - Word2VecSigmoid(f)) * alpha;
                for (int i = 0; i < d; i++) neu1e[i] += g * output[target][i];
                for (int i = 0; i < d; i++) output[target][i] += g * input[u][i];
            }
            for (int i = 0; i < d; i++) input[u][i] += neu1e[i];
        }
        for (int r = 0; r < 4; r++)
            for (int i = 0; i < d; i++)
                Assert.Equal(input[r][i], trained[r * d + i], 4);
        // The reference moved the vectors well away from their start, so the comparison has teeth.
        Assert.True(Math.Abs(input[0][0] - initial[0]) > 0.01);
    }

    private static double Word2VecSigmoid(double f)
    {
        if (f > 6) return 1;
        if (f < -6) return 0;
        int index = (int)((f + 6) * (1024 / 6.0 / 2));
        double x = (2.0 * index / 1024 - 1) * 6;
        return 1 / (1 + Math.Exp(-x));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Train_IsIdentical_ForTheSameSeedAndThreadCount(int threads)
    {
        var source = RandomPairs(200, 20_000, seed: 3);
        var options = new SkipGramOptions { Dimension = 32, Threads = threads };
        float[] first = SkipGramTrainer.Train(source, options, null, default).Vectors;
        float[] second = SkipGramTrainer.Train(source, options, null, default).Vectors;
        Assert.Equal(first, second);
        float[] otherSeed = SkipGramTrainer.Train(source, options with { Seed = 43 }, null, default).Vectors;
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Train_Refuses_AsManyNegativesAsRows()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            SkipGramTrainer.Train(new FixedPairs(4, OnlyRowTwoIsNegative, [(0, 1)]), new SkipGramOptions { Negatives = 4 }, null, default));
        Assert.Contains("--negatives", e.Message);
        Assert.Equal("Negatives", e.Field);
    }

    [Fact]
    public void Train_StopsWhenCancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SkipGramTrainer.Train(RandomPairs(50, 100, 1), new SkipGramOptions(), null, cancel.Token));
    }

    private static FixedPairs RandomPairs(int rows, int count, int seed)
    {
        var random = new Random(seed);
        var pairs = Enumerable.Range(0, count).Select(_ => (random.Next(rows), random.Next(rows))).ToArray();
        var frequencies = Enumerable.Range(0, rows).Select(r => 1.0 + r % 5).ToArray();
        return new FixedPairs(rows, frequencies, pairs, chunks: 3);
    }
}
