using System.Text.Json;
using Embedkit.Evaluation;
using Embedkit.Graphs;

namespace Embedkit.Tests.Evaluation;

public class NodeClassificationEvaluatorTests
{
    private static JsonElement Reference(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(EvaluationFixtures.Dir, "sklearn_reference.json"))).RootElement.GetProperty(name);

    // Expected values: TestData/eval/sklearn_reference.json, written by make_sklearn_reference.py with
    // scikit-learn 1.2.1: OneVsRestClassifier(LogisticRegression(C)) on the same features and fixed split,
    // with the default lbfgs solver and with solver='liblinear' (intercept penalised).
    // The issue asks for agreement within 0.005; both objectives are solved to convergence on both sides,
    // so they agree far closer, and 5e-4 also tells the two objectives apart (they differ by 1e-3 here).
    [Theory]
    [InlineData("cora", 1.0, false)]
    [InlineData("cora", 0.1, false)]
    [InlineData("blogcatalog", 1.0, false)]
    [InlineData("blogcatalog", 0.1, false)]
    [InlineData("cora", 1.0, true)]
    [InlineData("cora", 0.1, true)]
    [InlineData("blogcatalog", 1.0, true)]
    [InlineData("blogcatalog", 0.1, true)]
    public void EvaluateSplit_AgreesWithSklearn_OnFixedSplit(string name, double c, bool liblinear)
    {
        var set = EvaluationFixtures.Features(name);
        var labels = EvaluationFixtures.Labels(name, set);
        var (train, test) = EvaluationFixtures.Split(name, set, labels);
        JsonElement reference = Reference(name);
        Assert.Equal(reference.GetProperty("train").GetInt32(), train.Length);
        Assert.Equal(reference.GetProperty("test").GetInt32(), test.Length);
        Assert.Equal(reference.GetProperty("labels").GetInt32(), labels.LabelCount);
        JsonElement expected = reference.GetProperty((liblinear ? "liblinear " : "") + (c == 1.0 ? "C=1" : "C=0.1"));

        SplitScore score = NodeClassificationEvaluator.EvaluateSplit(set, labels, train, test,
            new NodeClassificationOptions { C = c, PenalizeIntercept = liblinear });

        Assert.Equal(0, score.UnconvergedClassifiers);
        Assert.InRange(score.MicroF1 - expected.GetProperty("micro_f1").GetDouble(), -5e-4, 5e-4);
        Assert.InRange(score.MacroF1 - expected.GetProperty("macro_f1").GetDouble(), -5e-4, 5e-4);
        if (reference.GetProperty("single_label").GetBoolean())
        {
            Assert.NotNull(score.Accuracy);
            Assert.InRange(score.Accuracy!.Value - expected.GetProperty("accuracy").GetDouble(), -5e-4, 5e-4);
            Assert.Equal(score.MicroF1, score.Accuracy!.Value, 12); // k = 1 per row: accuracy = micro-F1
        }
        else Assert.Null(score.Accuracy);
    }

    [Fact]
    public void Evaluate_IsIdentical_ForAnyThreadCount()
    {
        var set = EvaluationFixtures.Features("cora");
        var labels = EvaluationFixtures.Labels("cora", set);
        var o = new NodeClassificationOptions { TrainRatios = [0.2, 0.5], Repeats = 2 };
        var one = NodeClassificationEvaluator.Evaluate(set, labels, o with { Threads = 1 });
        var two = NodeClassificationEvaluator.Evaluate(set, labels, o with { Threads = 2 });
        var eight = NodeClassificationEvaluator.Evaluate(set, labels, o with { Threads = 8 });
        for (int p = 0; p < 2; p++)
        {
            Assert.Equal(one.Ratios[p].Repeats.Select(s => s.MicroF1), two.Ratios[p].Repeats.Select(s => s.MicroF1));
            Assert.Equal(one.Ratios[p].Repeats.Select(s => s.MacroF1), eight.Ratios[p].Repeats.Select(s => s.MacroF1));
        }
    }

    [Fact]
    public void Evaluate_Reports_MeansPopulationStdAndCounts()
    {
        var set = EvaluationFixtures.Features("cora");
        var labels = EvaluationFixtures.Labels("cora", set);
        var progress = new List<ProgressReport>();
        var report = NodeClassificationEvaluator.Evaluate(set, labels, new NodeClassificationOptions { TrainRatios = [0.3], Repeats = 3, Threads = 1 },
            new SyncProgress(progress));
        Assert.True(report.SingleLabel);
        Assert.Equal(2708, report.LabelledRows);
        Assert.Equal(7, report.LabelCount);
        RatioResult r = Assert.Single(report.Ratios);
        Assert.Equal(812, r.TrainCount); // round(0.3 · 2708 = 812.4)
        Assert.Equal(2708 - 812, r.TestCount);
        double[] micro = [.. r.Repeats.Select(s => s.MicroF1)];
        double mean = micro.Average();
        Assert.Equal(mean, r.MicroF1, 12);
        Assert.Equal(Math.Sqrt(micro.Select(v => (v - mean) * (v - mean)).Sum() / 3), r.MicroF1Std, 12); // ddof = 0
        Assert.Equal(r.MicroF1, r.Accuracy!.Value, 12);
        Assert.NotEqual(micro[0], micro[1]); // repeats use different shuffles
        Assert.Equal(3, progress.Count);
        Assert.Equal(new ProgressReport("splits", 3, 3), progress[^1]);
        Assert.InRange(r.MicroF1, 0.3, 1.0);
    }

    [Fact]
    public void Evaluate_ExcludesUnlabelledRows_AndHandlesLabelsUnseenInTraining()
    {
        // 7 rows; row 6 is unlabelled (its NaN embedding is never used). Label "rare" only on row 5,
        // so whenever row 5 is a test row its classifier never saw a positive: probability 0, no NaN.
        float[] data = [0, 1, 0.2f, 1, 1, 0, 1.1f, 0.1f, 0.1f, 0.9f, 1, 1, float.NaN, 0];
        var set = new EmbeddingSet(["a", "b", "c", "d", "e", "f", "g"], 2, data, Provenance.Imported(null));
        var labels = EvaluationFixtures.FromSets(["x", "y", "rare"], [[0], [0], [1], [1], [0], [1, 2], []]);
        var report = NodeClassificationEvaluator.Evaluate(set, labels, new NodeClassificationOptions { TrainRatios = [0.5], Repeats = 4 });
        Assert.Equal(6, report.LabelledRows);
        Assert.False(report.SingleLabel);
        Assert.Null(report.Ratios[0].Accuracy);
        Assert.All(report.Ratios[0].Repeats, s => Assert.InRange(s.MacroF1, 0.0, 1.0));
        Assert.All(report.Ratios[0].Repeats, s => Assert.InRange(s.MicroF1, 0.0, 1.0));
    }

    [Fact]
    public void Evaluate_Rejects_BadInput()
    {
        var set = new EmbeddingSet(["a", "b", "c"], 1, [0f, 1f, float.PositiveInfinity], Provenance.Imported(null));
        var labels = EvaluationFixtures.FromSets(["x", "y"], [[0], [1], [0]]);
        var nan = Assert.Throws<InvalidInputException>(() => NodeClassificationEvaluator.Evaluate(set, labels, new NodeClassificationOptions()));
        Assert.Contains("'c'", nan.Message);

        var misaligned = EvaluationFixtures.FromSets(["x"], [[0], [0]]);
        Assert.Contains("aligned", Assert.Throws<InvalidInputException>(() => NodeClassificationEvaluator.Evaluate(set, misaligned, new NodeClassificationOptions())).Message);

        var finite = new EmbeddingSet(["a", "b", "c"], 1, [0f, 1f, 2f], Provenance.Imported(null));
        var oneLabelled = EvaluationFixtures.FromSets(["x"], [[0], [], []]);
        Assert.Contains("at least 2", Assert.Throws<InvalidInputException>(() => NodeClassificationEvaluator.Evaluate(finite, oneLabelled, new NodeClassificationOptions())).Message);

        // 3 labelled rows, ratio 0.9 → round(2.7) = 3 training rows, no test row.
        var e = Assert.Throws<InvalidInputException>(() => NodeClassificationEvaluator.Evaluate(finite, labels, new NodeClassificationOptions { TrainRatios = [0.9] }));
        Assert.Contains("no test row", e.Message);
        Assert.Equal("TrainRatios", e.Field);

        Assert.Throws<InvalidInputException>(() => NodeClassificationEvaluator.Evaluate(finite, labels, new NodeClassificationOptions { C = 0 }));
        Assert.Throws<InvalidInputException>(() => NodeClassificationEvaluator.EvaluateSplit(finite, labels, [0, 1], [1], new NodeClassificationOptions()));
    }

    [Fact]
    public void TopK_PicksHighestScores_TiesToLowerIndex()
    {
        int[] top = new int[5];
        Assert.Equal(2, NodeClassificationEvaluator.TopK([0.1, 0.9, 0.5, 0.9, double.NegativeInfinity], 2, top));
        Assert.Equal([1, 3], top[..2]);
        Assert.Equal(3, NodeClassificationEvaluator.TopK([double.NegativeInfinity, 0.2, double.NegativeInfinity, double.NegativeInfinity], 3, top));
        Assert.Equal([1, 0, 2], top[..3]);
        Assert.Equal(0, NodeClassificationEvaluator.TopK([1.0], 0, top));
    }

    [Fact]
    public void Evaluate_HonoursCancellation()
    {
        var set = EvaluationFixtures.Features("cora");
        var labels = EvaluationFixtures.Labels("cora", set);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => NodeClassificationEvaluator.Evaluate(set, labels, new NodeClassificationOptions(), cancellationToken: cts.Token));
    }

    private sealed class SyncProgress(List<ProgressReport> sink) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) { lock (sink) sink.Add(value); }
    }
}
