namespace Embedkit.Search;

/// <summary>
/// k-means clustering under squared L2 (Lloyd's algorithm), seeded by k-means++ and deterministic: the same
/// points, options and seed give the same centroids bit for bit, for any thread count. Used by product
/// quantization (one k-means of 256 clusters per sub-space) and reusable by an IVF coarse quantizer.
/// </summary>
/// <remarks>
/// <para><b>Sampling.</b> With more than <see cref="KMeansOptions.MaxPointsPerCluster"/> × k points a seeded
/// random sample of that many is clustered, as FAISS's <c>Clustering</c> does.</para>
/// <para><b>Seeding</b> is k-means++ (Arthur and Vassilvitskii 2007): the first centroid is a uniformly drawn
/// point, each next one a point drawn with probability proportional to its squared distance to the nearest
/// centroid so far (so a point already chosen is never drawn again while others remain). The draws are serial;
/// the distance updates between them run in parallel over blocks of points (<see cref="KMeansOptions.Threads"/>),
/// each point's distance computed as before, so the result is the same for any thread count.</para>
/// <para><b>Iterations.</b> Each assigns every point to its nearest centroid — the smallest
/// ‖c‖² − 2·x·c by the register-blocked float32 kernel of exact search (<see cref="DotKernels"/>), as FAISS
/// assigns with BLAS, ties to the lower centroid — and moves each centroid to the mean of its points (summed in double precision in
/// point order). A cluster left empty takes over half of a large cluster: FAISS's <c>split_clusters</c>, which
/// picks a cluster with probability growing with its size, copies its centroid and moves the two copies
/// apart by a factor 1 ± 1/1024. Training stops after <see cref="KMeansOptions.Iterations"/> or when no
/// assignment changes.</para>
/// </remarks>
public static class KMeans
{
    private const float SplitEpsilon = 1f / 1024;

    /// <summary>Clusters <c>points.Length / dimension</c> points (row-major) into <see cref="KMeansOptions.Clusters"/> clusters.</summary>
    /// <exception cref="InvalidInputException">
    /// When an option is invalid, the points are not whole rows of <paramref name="dimension"/>, a value is
    /// NaN or infinite, or there are fewer points than clusters.
    /// </exception>
    public static KMeansResult Train(ReadOnlySpan<float> points, int dimension, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ThrowHelper.RequireOption(dimension > 0, "--dim (Dimension)", "a positive dimension", dimension);
        int d = dimension, k = options.Clusters;
        if (points.Length % d != 0)
            ThrowHelper.InvalidInput($"k-means: {points.Length} values are not a whole number of {d}-dimensional points", field: "points");
        int n = points.Length / d;
        if (n < k)
            ThrowHelper.InvalidInput($"k-means with {k} clusters needs at least {k} points, found {n}", field: "points");
        VectorChecks.CheckRows(points, d, Metric.L2, "points");

        var random = new SplitMix64(options.Seed);
        float[] sample = Sample(points, d, n, (long)options.MaxPointsPerCluster * k, ref random);
        int m = sample.Length / d, stride = DotKernels.Stride(d);
        AlignedFloats padded = NearestCentroid.Pad(sample, m, d, stride, DotKernels.TileQueries);
        float[] pointNorms = NearestCentroid.Norms(padded, m, stride);
        float[] centroids = SeedPlusPlus(padded, m, d, stride, k, ref random, options.Threads);

        var assignment = new int[m];
        var previous = new int[m];
        previous.AsSpan().Fill(-1);
        var keys = new float[m];
        var counts = new int[k];
        var sums = new double[(long)k * d];
        double inertia = 0;
        int iterations = 0;
        for (int it = 0; it < options.Iterations; it++)
        {
            inertia = Assign(centroids, k, d, padded, pointNorms, m, assignment, keys, options.Threads);
            iterations++;
            if (assignment.AsSpan().SequenceEqual(previous)) break;
            Update(sample, d, assignment, centroids, counts, sums);
            SplitEmpty(centroids, counts, k, d, m, ref random);
            (previous, assignment) = (assignment, previous);
        }
        return new KMeansResult(k, d, centroids, inertia, iterations, m);
    }

    /// <summary>
    /// Assigns padded points (with their squared norms) to the nearest of the k centroids and returns the sum of
    /// the squared distances ‖x‖² + ‖c‖² − 2·x·c (each at least 0).
    /// </summary>
    internal static double Assign(float[] centroids, int k, int d, AlignedFloats points, float[] pointNorms, int count,
        Span<int> assignment, Span<float> keys, int threads)
    {
        int stride = DotKernels.Stride(d);
        AlignedFloats rows = NearestCentroid.Pad(centroids, k, d, stride, DotKernels.TileRows);
        float[] norms = NearestCentroid.Norms(rows, k, stride);
        NearestCentroid.Assign(points, count, rows, norms, k, stride, assignment, keys, threads);
        double inertia = 0;
        for (int i = 0; i < count; i++) inertia += Math.Max(0f, pointNorms[i] + keys[i]);
        return inertia;
    }

    /// <summary>All points, or a seeded sample of <paramref name="max"/> of them in their original order.</summary>
    private static float[] Sample(ReadOnlySpan<float> points, int d, int n, long max, ref SplitMix64 random)
    {
        if (n <= max) return points.ToArray();
        int m = (int)max;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Partial Fisher–Yates: the first m entries become a uniform sample without replacement.
        for (int i = 0; i < m; i++)
        {
            int j = i + random.NextBelow(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        Array.Sort(order, 0, m);
        var sample = new float[(long)m * d];
        for (int i = 0; i < m; i++) points.Slice(order[i] * d, d).CopyTo(sample.AsSpan(i * d, d));
        return sample;
    }

    /// <summary>k-means++ seeding: each next centroid a point drawn with probability ∝ its squared distance to the nearest centroid so far.</summary>
    private static float[] SeedPlusPlus(AlignedFloats points, int n, int d, int stride, int k, ref SplitMix64 random, int threads)
    {
        int workers = Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, n / SeedPointsPerTask));
        var centroids = new float[(long)k * d];
        var nearest = new float[n];
        nearest.AsSpan().Fill(float.PositiveInfinity);
        int chosen = random.NextBelow(n);
        for (int c = 0; c < k; c++)
        {
            if (c > 0)
            {
                double total = 0;
                foreach (float v in nearest) total += v;
                if (total > 0)
                {
                    double target = random.NextDouble() * total, running = 0;
                    chosen = -1;
                    for (int i = 0; i < n; i++)
                    {
                        if (nearest[i] <= 0) continue;
                        running += nearest[i];
                        chosen = i;
                        if (running > target) break;
                    }
                }
                else
                {
                    // Every point coincides with a centroid already: fewer distinct points than clusters.
                    chosen = random.NextBelow(n);
                }
            }
            points.Slice(chosen * stride, d).CopyTo(centroids.AsSpan(c * d, d));
            if (c == k - 1) break; // the last centroid's distances are never drawn from
            if (workers == 1) UpdateNearest(points, stride, chosen, nearest, 0, n);
            else
            {
                // Each point's distance depends on that point alone, so the split does not change the result.
                int tasks = (n + SeedPointsPerTask - 1) / SeedPointsPerTask;
                Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = workers }, task =>
                    UpdateNearest(points, stride, chosen, nearest, task * SeedPointsPerTask, Math.Min(n, (task + 1) * SeedPointsPerTask)));
            }
        }
        return centroids;
    }

    /// <summary>Points per unit of parallel work of the seeding's distance update.</summary>
    private const int SeedPointsPerTask = 2048;

    /// <summary>Lowers <c>nearest[i]</c> to the squared distance from point i to point <paramref name="chosen"/>, for i in [first, last).</summary>
    private static void UpdateNearest(AlignedFloats points, int stride, int chosen, float[] nearest, int first, int last)
    {
        ReadOnlySpan<float> centre = points.Slice(chosen * stride, stride);
        for (int i = first; i < last; i++)
        {
            float distance = NearestCentroid.SquaredDistance(points.Slice(i * stride, stride), centre);
            if (distance < nearest[i]) nearest[i] = distance;
        }
    }

    /// <summary>Moves every non-empty centroid to the mean of its points, summed in double precision in point order.</summary>
    private static void Update(float[] points, int d, int[] assignment, float[] centroids, int[] counts, double[] sums)
    {
        Array.Clear(counts);
        Array.Clear(sums);
        for (int i = 0; i < assignment.Length; i++)
        {
            int c = assignment[i];
            counts[c]++;
            ReadOnlySpan<float> point = points.AsSpan(i * d, d);
            Span<double> sum = sums.AsSpan(c * d, d);
            for (int j = 0; j < d; j++) sum[j] += point[j];
        }
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0) continue;
            Span<float> centroid = centroids.AsSpan(c * d, d);
            ReadOnlySpan<double> sum = sums.AsSpan(c * d, d);
            for (int j = 0; j < d; j++) centroid[j] = (float)(sum[j] / counts[c]);
        }
    }

    /// <summary>FAISS's <c>split_clusters</c>: each empty cluster takes over half of a cluster drawn with probability ∝ (size − 1).</summary>
    private static void SplitEmpty(float[] centroids, int[] counts, int k, int d, int n, ref SplitMix64 random)
    {
        for (int empty = 0; empty < k; empty++)
        {
            if (counts[empty] != 0) continue;
            int donor = 0;
            while (true)
            {
                double p = (counts[donor] - 1.0) / (n - k);
                if (random.NextDouble() < p) break;
                donor = (donor + 1) % k;
            }
            Span<float> to = centroids.AsSpan(empty * d, d);
            Span<float> from = centroids.AsSpan(donor * d, d);
            from.CopyTo(to);
            for (int j = 0; j < d; j++)
            {
                float up = 1 + SplitEpsilon, down = 1 - SplitEpsilon;
                if (j % 2 == 0) { to[j] *= up; from[j] *= down; }
                else { to[j] *= down; from[j] *= up; }
            }
            counts[empty] = counts[donor] / 2;
            counts[donor] -= counts[empty];
        }
    }
}
