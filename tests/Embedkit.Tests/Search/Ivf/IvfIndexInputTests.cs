using Embedkit.Search;

namespace Embedkit.Tests.Search.Ivf;

/// <summary>Ids, removal, training and bad input of <see cref="IvfIndex"/>.</summary>
public class IvfIndexInputTests
{
    private const int D = 8;

    public static TheoryData<string> Specs() => new() { "IVF4,Flat", "IVF4,SQ8", "IVF4,PQ2" };

    /// <summary>400 clustered vectors (enough for PQ's 256 centroids); the tests add some of them, so that the codecs were trained on what they encode.</summary>
    private static readonly float[] Training = IvfData.Clustered(400, D, 6, 0.3, seed: 20);

    /// <summary>An index of <paramref name="spec"/> trained on <see cref="Training"/>.</summary>
    private static IVectorIndex Trained(string spec, Metric metric = Metric.L2)
    {
        IVectorIndex index = IndexFactory.Create(spec, D, metric);
        index.GetService<ITrainableIndex>()!.Train(Training);
        return index;
    }

    /// <summary><paramref name="count"/> training rows from row <paramref name="first"/>.</summary>
    private static float[] Rows(int first, int count) => Training.AsSpan(first * D, count * D).ToArray();

    [Theory]
    [MemberData(nameof(Specs))]
    public void RemoveTwoOneThree_ThenReAddOneTwoThree_EachFindsItself(string spec)
    {
        // Regression: removals move entries within a list; every re-added id must come back as its own nearest.
        IVectorIndex index = Trained(spec);
        float[] vectors = Rows(0, 5);
        index.Add([0, 1, 2, 3, 4], vectors);
        Assert.Equal(3, index.Remove([2, 1, 3]));
        Assert.Equal(2, index.Count);
        index.Add([1, 2, 3], vectors.AsSpan(D, 3 * D));
        Assert.Equal(5, index.Count);
        for (int id = 0; id < 5; id++)
        {
            Neighbors found = index.Search(vectors.AsSpan(id * D, D), 1, new IvfSearchParameters { NProbe = 4 });
            Assert.Equal(id, found.Ids[0]);
        }
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void AddRemoveAdd_KeepsEveryIdOnItsVector(string spec)
    {
        // Regression: add [0,10,20,30,40], remove [10,30], add [5,15,25,35,45]; each id must still give its own
        // vector back (exactly for Flat; for codecs the decoded vector must be the one its own vector decodes to,
        // that is nearest its own vector of the eight) and find itself first.
        IVectorIndex index = Trained(spec);
        long[] first = [0, 10, 20, 30, 40], second = [5, 15, 25, 35, 45];
        float[] a = Rows(0, 5), b = Rows(5, 5);
        index.Add(first, a);
        Assert.Equal(2, index.Remove([10, 30]));
        index.Add(second, b);
        var expected = new Dictionary<long, float[]>();
        for (int i = 0; i < 5; i++)
        {
            if (first[i] % 20 == 0) expected[first[i]] = a.AsSpan(i * D, D).ToArray();
            expected[second[i]] = b.AsSpan(i * D, D).ToArray();
        }
        Assert.Equal(8, index.Count);
        var lookup = index.GetService<IVectorLookup>()!;
        Assert.False(lookup.Contains(10));
        Assert.False(lookup.Contains(30));
        Assert.Equal(expected.Keys.Order(), lookup.Ids.Order());
        var back = new float[D];
        foreach (var (id, vector) in expected)
        {
            Assert.True(lookup.TryGetVector(id, back));
            if (spec.EndsWith("Flat", StringComparison.Ordinal)) Assert.Equal(vector, back);
            long nearest = expected.MinBy(e => BruteForce.Score(Metric.L2, e.Value, back)).Key;
            Assert.Equal(id, nearest);
            Assert.Equal(id, index.Search(vector, 1, new IvfSearchParameters { NProbe = 4 }).Ids[0]);
        }
    }

    [Fact]
    public void Upsert_ReplacesTheVector()
    {
        IVectorIndex index = Trained("IVF4,Flat");
        index.Add([7], [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(1, index.Upsert([7], [8, 7, 6, 5, 4, 3, 2, 1]));
        var back = new float[D];
        index.GetService<IVectorLookup>()!.TryGetVector(7, back);
        Assert.Equal([8f, 7, 6, 5, 4, 3, 2, 1], back);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Search_ReturnsWhatExists_WhenKExceedsTheCount()
    {
        // 3 vectors, k = 5, every list probed: the 3 in order of exact distance (BruteForce), then two empty slots.
        IVectorIndex index = Trained("IVF4,Flat");
        float[] vectors = IvfData.Clustered(3, D, 3, 0.1, seed: 24);
        index.Add([1, 2, 3], vectors);
        float[] query = IvfData.Clustered(1, D, 1, 0.1, seed: 25);
        Neighbors found = index.Search(query, 5, new IvfSearchParameters { NProbe = 4 });
        var expected = BruteForce.Search(Metric.L2, [1, 2, 3], vectors, D, query, 3);
        Assert.Equal(expected.Select(e => e.Id).Concat([-1L, -1L]), found.Ids);
        Assert.Equal(float.PositiveInfinity, found.Scores[3]);
        Assert.Equal(float.PositiveInfinity, found.Scores[4]);
    }

    [Fact]
    public void Remove_SkipsUnknownIds_AndAddRefusesAPresentOne()
    {
        IVectorIndex index = Trained("IVF4,SQ8");
        index.Add([1, 2], IvfData.Clustered(2, D, 2, 0.1, seed: 26));
        Assert.Equal(0, index.Remove([99, -5]));
        Assert.Equal(1, index.Remove([2, 2]));
        var e = Assert.Throws<InvalidInputException>(() => index.Add([1], new float[D]));
        Assert.Contains("id 1 is already in the index", e.Message);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Add_And_Search_RefuseBadInput_NamingWhatIsWrong(string spec)
    {
        IVectorIndex index = Trained(spec);
        index.Add([1], new float[D]);
        Assert.Contains("dimension mismatch: the index has dimension 8, the vectors have dimension 9",
            Assert.Throws<InvalidInputException>(() => index.Add([2], new float[9])).Message);
        Assert.Contains("dimension mismatch: the index has dimension 8, the queries have dimension 4",
            Assert.Throws<InvalidInputException>(() => index.Search(new float[8], 1, new long[2], new float[2])).Message);
        var nan = new float[D];
        nan[3] = float.NaN;
        Assert.Contains("vector 0 (id 2), component 3: expected a finite number, found NaN",
            Assert.Throws<InvalidInputException>(() => index.Add([2], nan)).Message);
        nan[3] = float.PositiveInfinity;
        Assert.Contains("component 3: expected a finite number",
            Assert.Throws<InvalidInputException>(() => index.Search(nan, 1)).Message);
        Assert.Contains("--k (k)", Assert.Throws<InvalidInputException>(() => index.Search(new float[D], 0)).Message);
        Assert.Contains("rows 0 and 1 have the same id 5",
            Assert.Throws<InvalidInputException>(() => index.Add([5, 5], new float[2 * D])).Message);
        Assert.Contains("--nprobe (NProbe)",
            Assert.Throws<InvalidInputException>(() => index.Search(new float[D], 1, new IvfSearchParameters { NProbe = 0 })).Message);
        Assert.Equal(1, index.Count); // nothing was added by the refused calls
    }

    [Fact]
    public void FirstAdd_TrainsTheIndex_AndRefusesABatchSmallerThanTheLists()
    {
        IVectorIndex index = IndexFactory.Create("IVF16,Flat", D, Metric.L2);
        var trainable = index.GetService<ITrainableIndex>()!;
        Assert.False(trainable.IsTrained);
        var e = Assert.Throws<InvalidInputException>(() => index.Add(IvfData.Ids(10), IvfData.Clustered(10, D, 3, 0.1, seed: 27)));
        Assert.Contains("the IVF16,Flat index needs at least 16 vectors of the first Add, which trains the untrained index (one per list), found 10", e.Message);
        Assert.False(trainable.IsTrained);
        Assert.Equal(0, index.Count);
        Assert.Equal(new long[] { -1 }, index.Search(new float[D], 1).Ids); // untrained and empty: nothing to find

        index.Add(IvfData.Ids(40), IvfData.Clustered(40, D, 3, 0.1, seed: 28));
        Assert.True(trainable.IsTrained);
        Assert.Equal(40, index.Count);
        Assert.Contains("is trained already", Assert.Throws<InvalidInputException>(() => trainable.Train(new float[40 * D])).Message);
    }

    [Fact]
    public void Train_RefusesFewerVectorsThanLists_AndPQRefusesFewerThanItsCentroids()
    {
        var ivf = (ITrainableIndex)IndexFactory.Create("IVF64,Flat", D, Metric.L2);
        Assert.Contains("needs at least 64 training vectors (one per list), found 50; train on more vectors, or use fewer lists (IVF50 or below",
            Assert.Throws<InvalidInputException>(() => ivf.Train(IvfData.Clustered(50, D, 3, 0.1, seed: 29))).Message);
        var pq = (ITrainableIndex)IndexFactory.Create("IVF4,PQ2", D, Metric.L2);
        Assert.Contains("PQ2 codec needs at least 256 training vectors, found 100",
            Assert.Throws<InvalidInputException>(() => pq.Train(IvfData.Clustered(100, D, 3, 0.1, seed: 30))).Message);
    }

    [Fact]
    public void Cosine_RefusesZeroVectors()
    {
        IVectorIndex index = Trained("IVF4,Flat", Metric.Cosine);
        Assert.Contains("is all zeros", Assert.Throws<InvalidInputException>(() => index.Add([1], new float[D])).Message);
        Assert.Contains("is all zeros", Assert.Throws<InvalidInputException>(() => index.Search(new float[D], 1)).Message);
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Contains("--lists (Lists)", Assert.Throws<InvalidInputException>(() => new IvfIndex(D, Metric.L2, new IvfOptions { Lists = 0 })).Message);
        Assert.Contains("codec has dimension 4, the index 8",
            Assert.Throws<InvalidInputException>(() => new IvfIndex(D, Metric.L2, new IvfOptions { Lists = 2 }, new SQ8Codec(4))).Message);
    }

    [Fact]
    public void Training_IsSeeded()
    {
        // Same seed, same centroids bit for bit; another seed, other centroids (k-means++ draws differ).
        float[] data = IvfData.Clustered(500, D, 10, 0.3, seed: 31);
        float[] Centroids(ulong seed)
        {
            var index = new IvfIndex(D, Metric.L2, new IvfOptions { Lists = 8, Training = new TrainingOptions { Seed = seed } });
            index.Train(data);
            return index.Centroids.ToArray();
        }
        Assert.Equal(Centroids(1), Centroids(1));
        Assert.NotEqual(Centroids(1), Centroids(2));
    }
}
