using Embedkit.Evaluation;
using Embedkit.IO;
using Embedkit.Search;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Evaluation;

public class AnnRecallTests
{
    [Fact]
    public void FromScores_CountsTiesWithTheKthAsHits()
    {
        // Hand-worked, 2 queries, k = 2. Query 0: truth [1, 2], found [1, 2.0005] → both within 2 + 1e-3: 2/2.
        // Query 1: truth [3, 5], found [3, 5.01] → 5.01 > 5.001: 1/2. Mean (1 + 0.5) / 2 = 0.75.
        float[] truth = [1, 2, 3, 5];
        float[] found = [1, 2.0005f, 3, 5.01f];
        Assert.Equal(0.75, AnnRecall.FromScores(truth, 2, found, 2, 2, ScoreKind.Distance), 12);
    }

    [Fact]
    public void FromScores_ForSimilarities_CountsScoresAtLeastTheKthMinusEpsilon()
    {
        // truth [0.9, 0.8]; found [0.9, 0.7995] → 0.7995 ≥ 0.799: 2/2; found [0.9, 0.79] → 1/2.
        Assert.Equal(1.0, AnnRecall.FromScores([0.9f, 0.8f], 2, [0.9f, 0.7995f], 2, 2, ScoreKind.Similarity), 12);
        Assert.Equal(0.5, AnnRecall.FromScores([0.9f, 0.8f], 2, [0.9f, 0.79f], 2, 2, ScoreKind.Similarity), 12);
    }

    [Fact]
    public void FromScores_UsesTheFirstKColumns_AndNeverCountsUnfilledSlots()
    {
        // Ground truth with 3 columns, results with 3; recall@1 reads only column 0 of each.
        Assert.Equal(1.0, AnnRecall.FromScores([1, 2, 3], 3, [1, 9, 9], 3, 1, ScoreKind.Distance), 12);
        // The true 2nd score is +∞ (only one vector exists): an unfilled found slot (+∞) is not a hit.
        Assert.Equal(0.5, AnnRecall.FromScores([1, float.PositiveInfinity], 2, [1, float.PositiveInfinity], 2, 2, ScoreKind.Distance), 12);
    }

    [Fact]
    public void FromIds_IsTheIntersectionOverK_CountingTiedOtherIdsAsMisses()
    {
        // Query 0: truth {4, 7}, found {7, 4} → 1; query 1: truth {1, 2}, found {2, 9} → 0.5; query 2: found {-1, -1} → 0.
        long[] truth = [4, 7, 1, 2, 5, 6];
        long[] found = [7, 4, 2, 9, -1, -1];
        Assert.Equal(0.5, AnnRecall.FromIds(truth, 2, found, 2, 2), 12);
    }

    [Fact]
    public void FromScores_Rejects_KBeyondTheGroundTruth_AndMismatchedQueries()
    {
        var wide = Assert.Throws<InvalidInputException>(() => AnnRecall.FromScores([1, 2], 2, [1, 2, 3], 3, 3, ScoreKind.Distance));
        Assert.Contains("the ground truth has 2 neighbours per query", wide.Message);
        var rows = Assert.Throws<InvalidInputException>(() => AnnRecall.FromIds([1, 2], 1, [1], 1, 1));
        Assert.Contains("same queries", rows.Message);
    }

    [Fact]
    public void GroundTruth_Matches_TheAnnBenchmarksFixture()
    {
        // ann-small.hdf5 holds h5py/numpy's exact neighbours and Euclidean distances (make_ann_fixture.py).
        string path = Hdf5FormatTests.Fixture;
        VectorMatrix train = VectorFile.Read(path, "train"), test = VectorFile.Read(path, "test");
        IntMatrix neighbors = VectorFile.ReadIntegers(path, "neighbors");
        float[] distances = VectorFile.Read(path, "distances").Data;

        var exact = AnnRecall.GroundTruth(train.Data, test.Data, train.Dimension, Metric.L2, 2);

        Assert.Equal(neighbors.Data.Select(i => (long)i), exact.Ids); // [0, 1] and [1, 4]: the tie 1/4 goes to the lower row
        float[] euclidean = exact.Scores.Select(MathF.Sqrt).ToArray(); // the file stores √L2
        Assert.Equal(1.0, AnnRecall.FromScores(distances, 2, euclidean, 2, 2, ScoreKind.Distance), 12);
        Assert.Equal(1.0, AnnRecall.FromIds(neighbors.Data.Select(i => (long)i).ToArray(), 2, exact.Ids, 2, 2), 12);
    }

    [Fact]
    public void FromScores_AndFromIds_ScoreAnIndexThatMissesOneNeighbour()
    {
        // Ground truth by FlatIndex on random data; a result that swaps each query's 10th for its 11th scores 0.9.
        float[] xb = Search.BruteForce.Random(500, 8, 1), xq = Search.BruteForce.Random(30, 8, 2);
        var truth = AnnRecall.GroundTruth(xb, xq, 8, Metric.L2, 11);
        long[] ids = new long[30 * 10];
        float[] scores = new float[30 * 10];
        for (int q = 0; q < 30; q++)
        {
            truth.IdsOf(q)[..9].CopyTo(ids.AsSpan(q * 10));
            truth.ScoresOf(q)[..9].CopyTo(scores.AsSpan(q * 10));
            ids[q * 10 + 9] = truth.IdsOf(q)[10];
            scores[q * 10 + 9] = truth.ScoresOf(q)[10];
        }
        Assert.Equal(0.9, AnnRecall.FromIds(truth.Ids, 11, ids, 10, 10), 12);
        // ε = 0 here: on these small random distances an 11th can lie within ann-benchmarks' 1e-3 of the 10th (a hit then).
        Assert.Equal(0.9, AnnRecall.FromScores(truth.Scores, 11, scores, 10, 10, ScoreKind.Distance, epsilon: 0), 12);
        Assert.True(AnnRecall.FromScores(truth.Scores, 11, scores, 10, 10, ScoreKind.Distance) >= 0.9);
    }
}
