using System.Collections.Concurrent;
using Embedkit.Evaluation;
using Embedkit.Graphs;
using Embedkit.Search;
using Embedkit.Tests.Cli;

namespace Embedkit.Tests.Search;

/// <summary>HNSW over codec codes (<c>HNSW16,SQ8</c>): the graph stores codes, searches score them asymmetrically.</summary>
public partial class HnswIndexTests
{
    /// <summary>
    /// An HNSW index over <paramref name="codec"/> and a <see cref="CodecFlatIndex"/> over the same trained codec,
    /// both holding (ids, data): the flat scan scores every code exactly as the graph's search does, so it is the
    /// brute-force reference of the graph's results (as FAISS's IndexScalarQuantizer is for IndexHNSWSQ).
    /// </summary>
    private static (HnswIndex Graph, CodecFlatIndex Scan) CodedPair(string codec, Metric metric, long[] ids, float[] data, int d, HnswOptions? options = null)
    {
        VectorCodec shared = IndexSpec.Parse(codec).Codec!.Create(d);
        var graph = new HnswIndex(shared, metric, options ?? new HnswOptions { Threads = 2 });
        graph.Train(data);
        var scan = new CodecFlatIndex(shared, metric);
        graph.Add(ids, data);
        scan.Add(ids, data);
        return (graph, scan);
    }

    /// <summary>ann-benchmarks recall@k of the graph's results against the scan's (same codes, same scores).</summary>
    private static double RecallAgainstScan(HnswIndex graph, CodecFlatIndex scan, float[] queries, int ef, Func<long, bool>? filter = null, int k = K)
    {
        var truth = filter is null ? scan.Search(queries, k) : FilteredScan(scan, queries, k, filter);
        var found = graph.Search(queries, k, new HnswSearchParameters { Ef = ef, Filter = filter });
        return AnnRecall.FromScores(truth.Scores, k, found.Scores, k, k, graph.Metric.ScoreKind());
    }

    /// <summary>The scan's results restricted to the ids <paramref name="filter"/> accepts: a scan as deep as the index, filtered, cut to k.</summary>
    private static Neighbors FilteredScan(CodecFlatIndex scan, float[] queries, int k, Func<long, bool> filter)
    {
        int n = scan.Count, q = queries.Length / scan.Dimension;
        var all = scan.Search(queries, n);
        var ids = new long[q * k];
        var scores = new float[q * k];
        for (int i = 0; i < q; i++)
        {
            int kept = 0;
            for (int j = 0; j < n && kept < k; j++)
            {
                if (!filter(all.Ids[i * n + j])) continue;
                ids[i * k + kept] = all.Ids[i * n + j];
                scores[i * k + kept++] = all.Scores[i * n + j];
            }
        }
        return new Neighbors(q, k, ids, scores, scan.Metric.ScoreKind());
    }

    [Theory]
    [InlineData("F16", Metric.L2)]
    [InlineData("SQ8", Metric.L2)]
    [InlineData("SQ8", Metric.InnerProduct)]
    [InlineData("SQ8", Metric.Cosine)]
    [InlineData("PQ4", Metric.L2)]
    [InlineData("BIN1", Metric.L2)]
    [InlineData("BIN2", Metric.Cosine)]
    public void Coded_SearchRecallAgainstTheCodecScan_IsAtLeast095(string codec, Metric metric)
    {
        // Expected: the flat scan over the same codes (CodecFlatIndex, the same asymmetric scores) is the exact answer
        // the graph approximates; at ef = 64 with M = 16 the graph must find ≥ 0.95 of its top 10, as the full-vector
        // graph must of FlatIndex's (Search_RecallAgainstFlat_IsAtLeast095_ForEveryMetric).
        const int n = 2000, d = 16;
        float[] data = BruteForce.Random(n, d, 31).Select(v => v + 0.5f).ToArray();
        float[] queries = BruteForce.Random(100, d, 32).Select(v => v + 0.5f).ToArray();
        var (graph, scan) = CodedPair(codec, metric, Range(n), data, d);

        double recall = RecallAgainstScan(graph, scan, queries, ef: 64);

        Assert.True(recall >= 0.95, $"HNSW16,{codec} ({metric}): recall@10 against the {codec} scan = {recall:F4}, expected ≥ 0.95");
        Assert.Equal($"HNSW16,{codec}", graph.Spec.ToString());
    }

    [Fact]
    public void Coded_WithEfAtLeastCount_ReturnsTheScansIdsAndScores()
    {
        // With ef ≥ count every node of the connected 300-node graph is kept, so the best 10 by the scorer's scores
        // (ties by id) are exactly the scan's: same ids, and the same float scores, computed by the same scorer.
        const int n = 300, d = 12;
        float[] data = BruteForce.Random(n, d, 41);
        float[] queries = BruteForce.Random(20, d, 42);
        var (graph, scan) = CodedPair("SQ8", Metric.L2, Range(n), data, d);

        var expected = scan.Search(queries, K);
        var found = graph.Search(queries, K, new HnswSearchParameters { Ef = n });

        Assert.Equal(expected.Ids, found.Ids);
        Assert.Equal(expected.Scores, found.Scores);
    }

    [Fact]
    public void Coded_RecallAgainstExactSearch_OnCoraFastRP_ReachesTheRefinedTarget()
    {
        // Real data: FastRP (d = 128) of the Cora graph in data/cora under cosine, 300 nodes as queries, as in
        // Search_RecallAgainstFlat_IsAtLeast095_OnCoraFastRPEmbeddings. Expected: against exact search (FlatIndex),
        // HNSW16,SQ8 at ef = 64 reaches ≥ 0.90 (8-bit codes lose little on these vectors), and with Refine(Flat),
        // which re-scores 4 × 10 candidates from the full vectors, ≥ 0.95.
        var graphData = EdgeListReader.Read(CliRunner.Data("cora/edges.tsv.gz"), new EdgeListOptions()).Graph;
        var embeddings = FastRP.Embed(graphData, new FastRPOptions { Dimension = 128 });
        float[] vectors = embeddings.Array;
        int n = embeddings.Count, d = embeddings.Dimension;
        float[] queries = Enumerable.Range(0, 300).SelectMany(i => vectors.AsSpan(i * 9 % n * d, d).ToArray()).ToArray();
        var flat = new FlatIndex(d, Metric.Cosine);
        flat.Add(Range(n), vectors);
        var truth = flat.Search(queries, K);
        var refined = (RefineIndex)IndexFactory.Create(IndexSpec.Parse("HNSW16,SQ8,Refine(Flat)"), d, Metric.Cosine, buildThreads: 2);
        refined.Add(Range(n), vectors);

        var coarse = refined.Coarse.Search(queries, K, new HnswSearchParameters { Ef = 64 });
        var exactScores = new float[coarse.Ids.Length];
        for (int i = 0; i < exactScores.Length; i++)
            exactScores[i] = (float)BruteForce.Score(Metric.Cosine, queries.AsSpan(i / K * d, d), vectors.AsSpan((int)coarse.Ids[i] * d, d));
        double coded = AnnRecall.FromScores(truth.Scores, K, exactScores, K, K, ScoreKind.Similarity);
        double withRefine = AnnRecall.FromScores(truth.Scores, K, refined.Search(queries, K, new HnswSearchParameters { Ef = 64 }).Scores, K, K, ScoreKind.Similarity);

        Assert.True(coded >= 0.90, $"HNSW16,SQ8: recall@10 = {coded:F4}, expected ≥ 0.90");
        Assert.True(withRefine >= 0.95, $"HNSW16,SQ8,Refine(Flat): recall@10 = {withRefine:F4}, expected ≥ 0.95");
    }

    [Fact]
    public void Coded_RemoveTwoOneThree_ThenReAddOneTwoThree_EachFindsItself()
    {
        // The regression case on the coded variant: removing ids 2, 1, 3 frees their slots (lowest reused
        // first), and re-adding 1, 2, 3 must map each id to its own code. Expected: each re-added vector, searched
        // by itself, comes back first as its own id (its code is the nearest: 8-bit steps are far smaller than the
        // distances between these random vectors).
        const int n = 40, d = 8;
        float[] data = BruteForce.Random(n, d, 51);
        var (graph, _) = CodedPair("SQ8", Metric.L2, Range(n), data, d, new HnswOptions { M = 4, Threads = 1 });

        Assert.Equal(3, graph.Remove([2, 1, 3]));
        foreach (long id in new long[] { 1, 2, 3 }) graph.Add([id], data.AsSpan((int)id * d, d));

        Assert.Equal(n, graph.Count);
        for (int id = 0; id < n; id++)
        {
            var found = graph.Search(data.AsSpan(id * d, d).ToArray(), 1, new HnswSearchParameters { Ef = 16 });
            Assert.Equal(id, found.Ids[0]);
        }
    }

    [Fact]
    public void Coded_AddRemoveAddAgain_KeepsEveryIdOnItsOwnVector()
    {
        // The second case: add [0, 10, 20, 30, 40], remove [10, 30], add [5, 15, 25, 35, 45]. Expected: each
        // present id decodes to its own vector within half an SQ8 step per component ((max − min) / 255 / 2, the
        // rounding bound, with min and max of the training data), and finds itself first.
        const int d = 6;
        long[] all = [0, 10, 20, 30, 40, 5, 15, 25, 35, 45];
        float[] vectors = BruteForce.Random(all.Length, d, 61);
        float[] VectorOf(long id) => vectors.AsSpan(Array.IndexOf(all, id) * d, d).ToArray();
        var graph = new HnswIndex(new SQ8Codec(d), Metric.L2, new HnswOptions { M = 4, Threads = 1 });
        graph.Train(vectors);
        graph.Add(all[..5], all[..5].SelectMany(VectorOf).ToArray());
        Assert.Equal(2, graph.Remove([10, 30]));
        graph.Add(all[5..], all[5..].SelectMany(VectorOf).ToArray());

        long[] present = [0, 20, 40, 5, 15, 25, 35, 45];
        Assert.Equal(present.Order(), graph.Ids.Order());
        Assert.False(graph.Contains(10));
        Assert.False(graph.Contains(30));
        var decoded = new float[d];
        foreach (long id in present)
        {
            float[] expected = VectorOf(id);
            Assert.True(graph.TryGetVector(id, decoded));
            for (int j = 0; j < d; j++)
            {
                float min = Enumerable.Range(0, all.Length).Min(i => vectors[i * d + j]);
                float max = Enumerable.Range(0, all.Length).Max(i => vectors[i * d + j]);
                Assert.True(Math.Abs(decoded[j] - expected[j]) <= (max - min) / 255 / 2 + 1e-6, $"id {id}, component {j}: decoded {decoded[j]}, added {expected[j]}");
            }
            Assert.Equal(id, graph.Search(expected, 1, new HnswSearchParameters { Ef = 16 }).Ids[0]);
        }
    }

    [Fact]
    public void Coded_RemovingAThird_KeepsRecallAgainstTheScanOfTheRest()
    {
        // Deletes repair the graph as for full vectors (HnswIndexTests.Removal): expected recall@10 ≥ 0.95 against
        // the scan of the remaining codes, and no removed id in any result.
        const int n = 3000, d = 16;
        float[] data = BruteForce.Random(n, d, 71);
        float[] queries = BruteForce.Random(100, d, 72);
        var (graph, scan) = CodedPair("SQ8", Metric.L2, Range(n), data, d);
        long[] removed = Range(n).Where(i => i % 3 == 0).ToArray();

        graph.Remove(removed);
        scan.Remove(removed);
        double recall = RecallAgainstScan(graph, scan, queries, ef: 64);

        Assert.True(recall >= 0.95, $"recall@10 after removing a third = {recall:F4}, expected ≥ 0.95");
        Assert.DoesNotContain(graph.Search(queries, K).Ids, id => id % 3 == 0);
    }

    [Fact]
    public void Coded_Upsert_ReplacesTheCode_AndTheIdMovesToItsNewVector()
    {
        // Upsert (remove, then add) of id 7 with the vector of nothing else: expected Count unchanged, id 7 found
        // first from its new vector, and its decoded vector within an SQ8 step of the new one, not the old.
        const int n = 50, d = 8;
        float[] data = BruteForce.Random(n, d, 81);
        var (graph, _) = CodedPair("SQ8", Metric.L2, Range(n), data, d, new HnswOptions { M = 4, Threads = 1 });
        float[] replacement = data.AsSpan(7 * d, d).ToArray().Select(v => -v * 0.5f).ToArray();

        graph.Upsert([7], replacement);

        Assert.Equal(n, graph.Count);
        Assert.Equal(7, graph.Search(replacement, 1, new HnswSearchParameters { Ef = 32 }).Ids[0]);
        var decoded = new float[d];
        graph.TryGetVector(7, decoded);
        for (int j = 0; j < d; j++) Assert.True(Math.Abs(decoded[j] - replacement[j]) <= 2f / 255, $"component {j}: {decoded[j]} vs {replacement[j]}");
    }

    [Fact]
    public void Coded_Filter_ReturnsOnlyAcceptedIds_WithRecallAgainstTheFilteredScan()
    {
        // The filter applies during the search, as for full vectors: expected only even ids, and recall@10 ≥ 0.95
        // against the scan's best 10 even ids.
        const int n = 2000, d = 16;
        float[] data = BruteForce.Random(n, d, 91);
        float[] queries = BruteForce.Random(100, d, 92);
        var (graph, scan) = CodedPair("SQ8", Metric.L2, Range(n), data, d);
        Func<long, bool> even = id => id % 2 == 0;

        double recall = RecallAgainstScan(graph, scan, queries, ef: 64, filter: even);

        Assert.True(recall >= 0.95, $"filtered recall@10 = {recall:F4}, expected ≥ 0.95");
        Assert.All(graph.Search(queries, K, new HnswSearchParameters { Filter = even }).Ids, id => Assert.True(id % 2 == 0, $"id {id} is odd"));
    }

    [Fact]
    public void Coded_ConcurrentAddsAndSearches_NeverThrow_AndEndWithFullRecall()
    {
        // Two writers add 1,000 vectors each in batches of 25 into a pretrained SQ8 graph while a reader searches.
        // Expected: no exception, every returned id −1 or one being added with a finite score, and afterwards
        // recall@10 ≥ 0.95 against the scan of all codes, as for a sequential build.
        const int writers = 2, perWriter = 1000, batch = 25, d = 16;
        int n = writers * perWriter;
        float[] data = BruteForce.Random(n, d, 111);
        float[] queries = BruteForce.Random(64, d, 112);
        var codec = new SQ8Codec(d);
        var graph = new HnswIndex(codec, Metric.L2, new HnswOptions { Threads = 1 });
        graph.Train(data);
        var errors = new ConcurrentQueue<Exception>();
        using var done = new CancellationTokenSource();
        void Reader()
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    var found = graph.Search(queries, K, new HnswSearchParameters { Ef = 32, Threads = 1 });
                    for (int i = 0; i < found.Ids.Length; i++)
                    {
                        long id = found.Ids[i];
                        if (id != -1 && (id < 0 || id >= n || !float.IsFinite(found.Scores[i]))) throw new InvalidOperationException($"invalid result {id} ({found.Scores[i]})");
                    }
                }
            }
            catch (Exception e) { errors.Enqueue(e); }
        }
        void Writer(int w)
        {
            try
            {
                for (int first = w * perWriter; first < (w + 1) * perWriter; first += batch)
                    graph.Add(Range(batch, first), data.AsSpan(first * d, batch * d));
            }
            catch (Exception e) { errors.Enqueue(e); }
        }
        var reader = new Thread(Reader);
        reader.Start();
        Thread[] adders = Enumerable.Range(0, writers).Select(w => new Thread(() => Writer(w))).ToArray();
        foreach (Thread t in adders) t.Start();
        foreach (Thread t in adders) t.Join();
        done.Cancel();
        reader.Join();

        Assert.Empty(errors);
        Assert.Equal(n, graph.Count);
        var scan = new CodecFlatIndex(codec, Metric.L2);
        scan.Add(Range(n), data);
        double recall = RecallAgainstScan(graph, scan, queries, ef: 64);
        Assert.True(recall >= 0.95, $"recall@10 = {recall:F4}, expected ≥ 0.95");
    }

    [Fact]
    public void Coded_OneThreadBuild_IsReproducible()
    {
        // Seeded levels and one build thread: two builds of the same codes give the same graph, so the same results.
        const int n = 500, d = 8;
        float[] data = BruteForce.Random(n, d, 121);
        float[] queries = BruteForce.Random(30, d, 122);
        var options = new HnswOptions { M = 8, Threads = 1, Seed = 5 };
        var (a, _) = CodedPair("PQ4", Metric.L2, Range(n), data, d, options);
        var (b, _) = CodedPair("PQ4", Metric.L2, Range(n), data, d, options);

        var x = a.Search(queries, K, new HnswSearchParameters { Ef = 20 });
        var y = b.Search(queries, K, new HnswSearchParameters { Ef = 20 });
        Assert.Equal(x.Ids, y.Ids);
        Assert.Equal(x.Scores, y.Scores);
    }

    [Fact]
    public void Coded_Training_HappensBeforeTheFirstAdd_AndOnlyOnce()
    {
        // An untrained codec is trained by the first add on its batch; training again once codes are stored is
        // refused (they would no longer decode), and so is training a full-vector graph (nothing to learn). PQ needs
        // 256 training vectors (one per centroid), so a first add of 10 vectors is refused with that number, and
        // nothing is added.
        const int d = 8;
        float[] data = BruteForce.Random(300, d, 131);
        var graph = new HnswIndex(new SQ8Codec(d), Metric.L2);
        Assert.False(graph.IsTrained);
        Assert.Same(graph, graph.GetService<ITrainableIndex>());
        graph.Add(Range(300), data);
        Assert.True(graph.IsTrained);
        var e = Assert.Throws<InvalidInputException>(() => graph.Train(data));
        Assert.Contains("already", e.Message);

        var full = new HnswIndex(d);
        Assert.Null(full.GetService<ITrainableIndex>());
        Assert.Throws<InvalidInputException>(() => full.Train(data));

        var pq = new HnswIndex(new PQCodec(d, 2), Metric.L2);
        var tooFew = Assert.Throws<InvalidInputException>(() => pq.Add(Range(10), data.AsSpan(0, 10 * d)));
        Assert.Contains("256", tooFew.Message);
        Assert.Equal(0, pq.Count);
    }
}
