using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class RefineIndexTests
{
    private const int D = CodecIndexCases.D;

    private static RefineIndex Create(string coarse, Metric metric = Metric.L2)
    {
        var index = new RefineIndex(CodecIndexCases.Create(coarse, metric));
        return index;
    }

    [Theory]
    [InlineData(Metric.L2)]
    [InlineData(Metric.InnerProduct)]
    [InlineData(Metric.Cosine)]
    public void Search_WithEveryCandidate_EqualsFlatIndex_IdsAndExactScores(Metric metric)
    {
        // With Oversample × k ≥ Count every vector is a candidate, so re-ranking by exact scores must give what
        // FlatIndex gives (its exact double-precision scores, ties by lower id) bit for bit.
        RefineIndex index = Create("BIN1", metric);
        var flat = new FlatIndex(D, metric);
        float[] vectors = CodecReference.Uniform(200, D, 3, -12, 12);
        long[] ids = Enumerable.Range(0, 200).Select(i => (long)(1000 - 3 * i)).ToArray();
        index.Add(ids, vectors);
        flat.Add(ids, vectors);
        float[] queries = CodecReference.Uniform(15, D, 4, -12, 12);
        var parameters = new RefineSearchParameters { Oversample = 20 };
        Neighbors found = index.Search(queries, 10, parameters);
        Neighbors expected = flat.Search(queries, 10);
        Assert.Equal(expected.Ids, found.Ids);
        Assert.Equal(expected.Scores, found.Scores);
    }

    [Fact]
    public void Search_ReRanksOnlyTheCoarseCandidates()
    {
        // Oversample 1 with k = 1: the single candidate is the coarse index's best, re-scored exactly; so the result
        // is the BIN1 index's top id with its exact distance (FlatIndex's score for that id).
        RefineIndex index = Create("BIN1");
        float[] vectors = CodecReference.Uniform(300, D, 5, -12, 12);
        long[] ids = Enumerable.Range(0, 300).Select(i => (long)i).ToArray();
        index.Add(ids, vectors);
        float[] query = CodecReference.Uniform(1, D, 6, -12, 12);
        long coarseBest = index.Coarse.Search(query, 1).Ids[0];
        Neighbors found = index.Search(query, 1, new RefineSearchParameters { Oversample = 1 });
        Assert.Equal(coarseBest, found.Ids[0]);
        Assert.Equal(BruteForce.Score(Metric.L2, query, vectors.AsSpan((int)coarseBest * D, D)), found.Scores[0], 1e-4);
    }

    [Fact]
    public void RemoveThenReAdd_EachIdComesBackAsItsOwnNearest_WithExactScoreZero()
    {
        // Peer-reported regression through the wrapper: remove 2, 1, 3, re-add 1, 2, 3.
        RefineIndex index = Create("PQ4");
        long[] ids = [0, 1, 2, 3, 4];
        index.Add(ids, [.. ids.SelectMany(i => CodecIndexCases.Separated((int)i))]);
        Assert.Equal(3, index.Remove([2, 1, 3]));
        index.Add([1, 2, 3], [.. new long[] { 1, 2, 3 }.SelectMany(i => CodecIndexCases.Separated((int)i))]);
        Assert.Equal(5, index.Count);
        foreach (long id in ids)
        {
            Neighbors found = index.Search(CodecIndexCases.Separated((int)id), 1);
            Assert.Equal(id, found.Ids[0]);
            Assert.Equal(0f, found.Scores[0]);
        }
    }

    [Fact]
    public void RemoveAndAdd_KeepEveryIdMappedToItsExactVector()
    {
        // Peer-reported regression: add 0..40 by 10, remove 10 and 30, add 5..45 by 10; the lookup gives exact vectors.
        RefineIndex index = Create("SQ8");
        float[] V(long id) => CodecIndexCases.Separated((int)(id / 5));
        long[] first = [0, 10, 20, 30, 40], second = [5, 15, 25, 35, 45];
        index.Add(first, [.. first.SelectMany(V)]);
        Assert.Equal(2, index.Remove([10, 30]));
        index.Add(second, [.. second.SelectMany(V)]);
        IVectorLookup lookup = index.GetService<IVectorLookup>()!;
        var vector = new float[D];
        foreach (long id in new long[] { 0, 20, 40, 5, 15, 25, 35, 45 })
        {
            Assert.True(lookup.TryGetVector(id, vector));
            Assert.Equal(V(id), vector);
            Assert.Equal(id, index.Search(V(id), 1).Ids[0]);
        }
        Assert.False(lookup.Contains(10));
    }

    [Fact]
    public void Add_RollsBackTheCoarseIndex_WhenTheRefineIndexRefuses()
    {
        // Refine(F16) refuses a value beyond ±65504 after the coarse SQ8 index accepted the batch: nothing stays.
        var coarse = CodecIndexCases.Create("SQ8");
        var index = new RefineIndex(coarse, new CodecFlatIndex(new F16Codec(D)));
        float[] bad = CodecIndexCases.Separated(1);
        bad[0] = 1e6f;
        Assert.Throws<InvalidInputException>(() => index.Add([7], bad));
        Assert.Equal(0, index.Count);
        Assert.Equal(0, coarse.Count);
    }

    [Fact]
    public void BadInput_IsRefused()
    {
        RefineIndex index = Create("BIN2");
        index.Add([1], CodecIndexCases.Separated(1));
        Assert.Contains("id 1 is already in the index", Assert.Throws<InvalidInputException>(() => index.Add([1], CodecIndexCases.Separated(2))).Message);
        Assert.Contains("--oversample (Oversample): expected 1..1000",
            Assert.Throws<InvalidInputException>(() => index.Search(CodecIndexCases.Separated(1), 1, new RefineSearchParameters { Oversample = 0 })).Message);
        Assert.Throws<InvalidInputException>(() => index.Search(CodecIndexCases.Separated(1), 1, new RefineSearchParameters { Oversample = 1001 }));
        Assert.Throws<InvalidInputException>(() => index.Search(CodecIndexCases.Separated(1), -1));
        var full = CodecIndexCases.Create("SQ8");
        full.Add([1], CodecIndexCases.Separated(1));
        Assert.Contains("a refine index starts empty", Assert.Throws<InvalidInputException>(() => new RefineIndex(full)).Message);
        Assert.Throws<InvalidInputException>(() => new RefineIndex(CodecIndexCases.Create("SQ8"), new FlatIndex(D + 1)));
        Assert.Throws<InvalidInputException>(() => new RefineIndex(CodecIndexCases.Create("SQ8"), new FlatIndex(D, Metric.Cosine)));
    }

    [Fact]
    public void Training_PassesThroughToTheCoarseIndex()
    {
        var index = (RefineIndex)IndexFactory.Create("PQ4,Refine(Flat)", D, Metric.L2);
        ITrainableIndex training = index.GetService<ITrainableIndex>()!;
        Assert.False(training.IsTrained);
        Assert.Contains("needs at least 256 training vectors", Assert.Throws<InvalidInputException>(() => index.Add([1], CodecIndexCases.Separated(1))).Message);
        Assert.Equal(0, index.Count);
        training.Train(CodecIndexCases.Training, new TrainingOptions { Iterations = 2 });
        Assert.True(index.IsTrained);
        index.Add([1], CodecIndexCases.Separated(1));
        Assert.Equal("PQ4,Refine(Flat)", index.Spec.ToString());
    }
}
