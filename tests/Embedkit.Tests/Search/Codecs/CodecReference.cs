using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

/// <summary>
/// The reference every codec's scores are checked against: decode the code, then compute the metric by its
/// definition in double precision (under cosine, the unit query's inner product with the decoded vector, the
/// codecs' documented semantics).
/// </summary>
internal static class CodecReference
{
    public static double Score(Metric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> decoded)
    {
        double qq = 0;
        foreach (float v in query) qq += (double)v * v;
        double norm = metric == Metric.Cosine ? Math.Sqrt(qq) : 1;
        double dot = 0, l2 = 0;
        for (int j = 0; j < query.Length; j++)
        {
            double q = query[j] / norm;
            dot += q * decoded[j];
            l2 += (q - decoded[j]) * (q - decoded[j]);
        }
        return metric == Metric.L2 ? l2 : dot;
    }

    /// <summary>Decodes code i of <paramref name="codes"/>.</summary>
    public static float[] Decoded(IVectorCodec codec, ReadOnlySpan<byte> codes, int i)
    {
        var x = new float[codec.Dimension];
        codec.Decode(codes.Slice(i * codec.CodeSize, codec.CodeSize), x);
        return x;
    }

    /// <summary>
    /// Checks that the asymmetric scorer of every metric gives the reference score of each code, within
    /// <paramref name="relative"/> of the score's scale (the magnitude of the terms summed).
    /// </summary>
    public static void AsymmetricMatchesDecoded(IVectorCodec codec, float[] vectors, float[] queries, double relative)
    {
        int d = codec.Dimension, n = vectors.Length / d;
        var codes = new byte[n * codec.CodeSize];
        codec.Encode(vectors, codes);
        foreach (Metric metric in Enum.GetValues<Metric>())
        {
            ICodeScorer scorer = codec.CreateScorer(metric);
            var scores = new float[n];
            for (int q = 0; q < queries.Length / d; q++)
            {
                ReadOnlySpan<float> query = queries.AsSpan(q * d, d);
                scorer.SetQuery(query);
                scorer.Score(codes, scores);
                for (int i = 0; i < n; i++)
                {
                    float[] x = Decoded(codec, codes, i);
                    double expected = Score(metric, query, x);
                    double scale = 1 + Scale(metric, query, x);
                    Assert.True(Math.Abs(expected - scores[i]) <= relative * scale,
                        $"{codec} {metric.Name()} query {q} code {i}: expected {expected}, found {scores[i]}");
                }
            }
        }
    }

    /// <summary>Checks that the symmetric score of two codes is the metric between their decoded vectors.</summary>
    public static void SymmetricMatchesDecoded(IVectorCodec codec, float[] vectors, double relative)
    {
        int d = codec.Dimension, n = vectors.Length / d;
        var codes = new byte[n * codec.CodeSize];
        codec.Encode(vectors, codes);
        foreach (Metric metric in new[] { Metric.L2, Metric.InnerProduct })
        {
            for (int a = 0; a < n; a++)
            {
                for (int b = 0; b < n; b += 3)
                {
                    float[] x = Decoded(codec, codes, a), y = Decoded(codec, codes, b);
                    double expected = Score(metric, x, y);
                    float found = codec.SymmetricScore(codes.AsSpan(a * codec.CodeSize, codec.CodeSize), codes.AsSpan(b * codec.CodeSize, codec.CodeSize), metric);
                    Assert.True(Math.Abs(expected - found) <= relative * (1 + Scale(metric, x, y)),
                        $"{codec} symmetric {metric.Name()} codes {a}, {b}: expected {expected}, found {found}");
                }
            }
        }
    }

    /// <summary>The magnitude of the terms of the score: Σ|qⱼxⱼ| or Σ(qⱼ² + xⱼ²).</summary>
    private static double Scale(Metric metric, ReadOnlySpan<float> q, ReadOnlySpan<float> x)
    {
        double qq = 0;
        foreach (float v in q) qq += (double)v * v;
        double norm = metric == Metric.Cosine ? Math.Sqrt(qq) : 1;
        double sum = 0;
        for (int j = 0; j < q.Length; j++)
            sum += metric == Metric.L2 ? q[j] / norm * (q[j] / norm) + (double)x[j] * x[j] : Math.Abs(q[j] / norm * x[j]);
        return sum;
    }

    /// <summary>n × d values uniform in [lo, hi) from a seed.</summary>
    public static float[] Uniform(int n, int d, int seed, float lo = -1, float hi = 1)
    {
        var random = new Random(seed);
        var a = new float[n * d];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(lo + random.NextDouble() * (hi - lo));
        return a;
    }
}
