namespace Embedkit.Evaluation;

/// <summary>
/// Options of the DeepWalk node-classification protocol (<see cref="NodeClassificationEvaluator"/>):
/// for every train ratio and repeat, a seeded shuffle of the labelled rows, one-vs-rest L2-regularised
/// logistic regression on the first part, top-k prediction and Micro-/Macro-F1 on the rest.
/// </summary>
public sealed record NodeClassificationOptions
{
    /// <summary>Fractions of the labelled rows used for training, each in (0, 1). Default 0.1, 0.2, …, 0.9.</summary>
    public IReadOnlyList<double> TrainRatios { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Shuffles per train ratio (repeat <c>r</c> uses the same shuffle for every ratio, as DeepWalk). Default 5.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Inverse regularisation strength, as scikit-learn's <c>LogisticRegression(C=…)</c>. Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Seed of the shuffles; the shuffle of repeat <c>r</c> depends only on (Seed, r). Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Most L-BFGS iterations per binary classifier. Default 1000.</summary>
    public int MaxIterations { get; init; } = LogisticRegressionOptions.DefaultMaxIterations;

    /// <summary>
    /// Convergence tolerance on the largest gradient component of the per-row (mean) objective; see
    /// <see cref="LogisticRegressionOptions.Tolerance"/>. Default 1e-6.
    /// </summary>
    public double Tolerance { get; init; } = LogisticRegressionOptions.DefaultTolerance;

    /// <summary>Penalise the intercept as liblinear does; see <see cref="LogisticRegressionOptions.PenalizeIntercept"/>.</summary>
    public bool PenalizeIntercept { get; init; }

    /// <summary>The logistic-regression settings these options imply.</summary>
    public LogisticRegressionOptions ToLogisticRegressionOptions() =>
        new() { C = C, MaxIterations = MaxIterations, Tolerance = Tolerance, Threads = Threads, PenalizeIntercept = PenalizeIntercept };

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(TrainRatios is { Count: > 0 }, "--ratios (TrainRatios)", "at least one ratio", TrainRatios?.Count ?? 0);
        foreach (double p in TrainRatios!)
            ThrowHelper.RequireOption(p > 0 && p < 1, "--ratios (TrainRatios)", "every ratio in (0, 1)", p);
        ThrowHelper.RequireOption(Repeats is >= 1 and <= 1000, "--repeats (Repeats)", "1 to 1000", Repeats);
        ToLogisticRegressionOptions().Validate();
    }
}
