using Embedkit.Search;

namespace Embedkit.Tests.Search;

/// <summary>
/// The scalar double-precision reference for exact search: every score computed by its definition in
/// double (cosine from the original, unnormalised vectors), sorted best first, ties by the lower id.
/// </summary>
public static class BruteForce
{
    public static double Score(Metric metric, ReadOnlySpan<float> q, ReadOnlySpan<float> x)
    {
        double dot = 0, qq = 0, xx = 0, l2 = 0;
        for (int c = 0; c < q.Length; c++)
        {
            dot += (double)q[c] * x[c];
            qq += (double)q[c] * q[c];
            xx += (double)x[c] * x[c];
            l2 += ((double)q[c] - x[c]) * ((double)q[c] - x[c]);
        }
        return metric switch
        {
            Metric.L2 => l2,
            Metric.InnerProduct => dot,
            _ => dot / Math.Sqrt(qq * xx),
        };
    }

    /// <summary>The k best (id, score) of one query among (ids, vectors).</summary>
    public static (long Id, double Score)[] Search(Metric metric, long[] ids, float[] vectors, int d, ReadOnlySpan<float> query, int k)
    {
        var all = new (long Id, double Score)[ids.Length];
        for (int i = 0; i < ids.Length; i++) all[i] = (ids[i], Score(metric, query, vectors.AsSpan(i * d, d)));
        bool distance = metric.ScoreKind() == ScoreKind.Distance;
        return all
            .OrderBy(e => distance ? e.Score : -e.Score)
            .ThenBy(e => e.Id)
            .Take(k)
            .ToArray();
    }

    /// <summary>n × d values in [−1, 1) from a fixed seed.</summary>
    public static float[] Random(int n, int d, int seed)
    {
        var random = new Random(seed);
        var a = new float[n * d];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        return a;
    }
}
