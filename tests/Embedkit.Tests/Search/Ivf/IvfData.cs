namespace Embedkit.Tests.Search.Ivf;

/// <summary>Seeded test data for the IVF tests: a mixture of Gaussian clusters, as real embeddings cluster.</summary>
public static class IvfData
{
    /// <summary>
    /// <paramref name="n"/> points of dimension <paramref name="d"/>: each is one of <paramref name="clusters"/>
    /// centres (uniform in [−1, 1)) plus Gaussian noise of standard deviation <paramref name="spread"/>.
    /// </summary>
    public static float[] Clustered(int n, int d, int clusters, double spread, int seed)
    {
        var random = new Random(seed);
        var centres = new double[clusters * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = random.NextDouble() * 2 - 1;
        var points = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < d; j++)
            {
                // Box–Muller.
                double u = 1 - random.NextDouble(), v = random.NextDouble();
                double gauss = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
                points[i * d + j] = (float)(centres[c * d + j] + spread * gauss);
            }
        }
        return points;
    }

    /// <summary>Ids 0..n−1.</summary>
    public static long[] Ids(int n) => Enumerable.Range(0, n).Select(i => (long)i).ToArray();
}
