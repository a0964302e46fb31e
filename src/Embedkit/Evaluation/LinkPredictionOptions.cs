namespace Embedkit.Evaluation;

/// <summary>
/// Options of <see cref="LinkPredictionEvaluator"/>: the logistic regression of the Hadamard scorer
/// (scikit-learn's <c>LogisticRegression(C)</c> objective, intercept not penalised).
/// </summary>
public sealed record LinkPredictionOptions
{
    /// <summary>Inverse regularisation strength of the Hadamard logistic regression, as scikit-learn's C. Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Most L-BFGS iterations. Default 1000.</summary>
    public int MaxIterations { get; init; } = LogisticRegressionOptions.DefaultMaxIterations;

    /// <summary>Convergence tolerance; see <see cref="LogisticRegressionOptions.Tolerance"/>. Default 1e-6.</summary>
    public double Tolerance { get; init; } = LogisticRegressionOptions.DefaultTolerance;

    /// <summary>Worker threads; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>The logistic-regression settings these options imply.</summary>
    public LogisticRegressionOptions ToLogisticRegressionOptions() =>
        new() { C = C, MaxIterations = MaxIterations, Tolerance = Tolerance, Threads = Threads };

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first option that is out of range.</summary>
    public void Validate() => ToLogisticRegressionOptions().Validate();
}
