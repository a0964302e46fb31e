namespace Embedkit.Evaluation;

/// <summary>
/// Settings of <see cref="OneVsRestLogisticRegression"/>: each binary classifier minimises scikit-learn's
/// <c>LogisticRegression(C=C)</c> objective <c>C·Σᵢ logloss(yᵢ, wᵀxᵢ + b) + ½‖w‖²</c> (intercept not penalised),
/// or with <see cref="PenalizeIntercept"/> liblinear's <c>C·Σᵢ logloss + ½(‖w‖² + b²)</c>.
/// </summary>
public sealed record LogisticRegressionOptions
{
    internal const int DefaultMaxIterations = 1000;
    internal const double DefaultTolerance = 1e-6;

    /// <summary>Inverse regularisation strength (&gt; 0). Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Most L-BFGS iterations per classifier (≥ 1). Default 1000.</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>
    /// A classifier has converged when the largest component of the gradient of the objective divided by
    /// <c>C·n</c> (the mean log-loss plus <c>‖w‖²/(2Cn)</c>, same minimiser) is at most this (&gt; 0). Default 1e-6;
    /// scikit-learn's <c>tol=1e-4</c> on its own scaling is looser in practice.
    /// </summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    /// <summary>
    /// Penalise the intercept like one more weight, as scikit-learn's <c>solver='liblinear'</c> does
    /// (<c>intercept_scaling=1</c>). That was sklearn's default solver before 0.22, so DeepWalk's and
    /// FastRP's published F1 tables were made with it. Default false (today's lbfgs objective).
    /// </summary>
    public bool PenalizeIntercept { get; init; }

    /// <summary>Worker threads; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(C > 0 && double.IsFinite(C), "--c (C)", "a finite value > 0", C);
        ThrowHelper.RequireOption(MaxIterations >= 1, "MaxIterations", "≥ 1", MaxIterations);
        ThrowHelper.RequireOption(Tolerance > 0 && double.IsFinite(Tolerance), "Tolerance", "a finite value > 0", Tolerance);
        ThrowHelper.RequireOption(Threads >= 0, "--threads (Threads)", "≥ 0 (0 = all cores)", Threads);
    }

    internal int EffectiveThreads => Threads == 0 ? Environment.ProcessorCount : Threads;
}
