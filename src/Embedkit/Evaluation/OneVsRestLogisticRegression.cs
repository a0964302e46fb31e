using System.Numerics.Tensors;

namespace Embedkit.Evaluation;

/// <summary>
/// One binary L2-regularised logistic regression per label (one-vs-rest), each minimising scikit-learn's
/// <c>LogisticRegression(C=C)</c> objective <c>C·Σᵢ logloss(yᵢ, wᵀxᵢ + b) + ½‖w‖²</c> with an unpenalised
/// intercept, solved by L-BFGS in float64 from w = 0, b = 0. All labels are fitted together: every
/// L-BFGS step evaluates the loss and gradient of all unfinished labels with one blocked matrix product.
/// With one label it is plain binary logistic regression.
/// A label that has no positive (or no negative) training row gets scikit-learn's constant predictor
/// (<c>OneVsRestClassifier</c>'s <c>_ConstantPredictor</c>): probability 0 (or 1) for every row.
/// </summary>
public sealed partial class OneVsRestLogisticRegression
{
    private readonly double[] _coefficients;
    private readonly double[] _intercepts;
    private readonly sbyte[] _constant;
    private readonly int[] _iterations;
    private readonly bool[] _converged;

    private OneVsRestLogisticRegression(int dimension, int labelCount)
    {
        Dimension = dimension;
        LabelCount = labelCount;
        _coefficients = new double[dimension * labelCount];
        _intercepts = new double[labelCount];
        _constant = new sbyte[labelCount];
        _iterations = new int[labelCount];
        _converged = new bool[labelCount];
    }

    /// <summary>Features per row.</summary>
    public int Dimension { get; }

    /// <summary>Number of labels (binary classifiers).</summary>
    public int LabelCount { get; }

    /// <summary>
    /// Fits one classifier per label on row-major <paramref name="features"/> (rows × <paramref name="dimension"/>)
    /// and row-major indicator <paramref name="targets"/> (rows × <paramref name="labelCount"/>, true = positive).
    /// </summary>
    /// <exception cref="InvalidInputException">When an option is out of range or a feature is NaN or infinite.</exception>
    public static OneVsRestLogisticRegression Fit(ReadOnlySpan<float> features, int dimension, ReadOnlySpan<bool> targets,
        int labelCount, LogisticRegressionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LogisticRegressionOptions();
        options.Validate();
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be positive");
        if (labelCount <= 0) throw new ArgumentOutOfRangeException(nameof(labelCount), labelCount, "labelCount must be positive");
        if (features.Length % dimension != 0)
            throw new ArgumentException($"features has {features.Length} values, not a multiple of dimension {dimension}", nameof(features));
        int rows = features.Length / dimension;
        if (rows == 0) ThrowHelper.InvalidInput("no training rows");
        if (targets.Length != (long)rows * labelCount)
            throw new ArgumentException($"targets has {targets.Length} values; expected {rows} rows × {labelCount} labels", nameof(targets));
        for (int i = 0; i < rows; i++)
            if (HasNonFinite(features.Slice(i * dimension, dimension)))
                ThrowHelper.InvalidInput($"feature row {i} contains NaN or infinity", field: nameof(features));
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) all[i] = i;
        var design = new DesignMatrix(features, dimension, all);
        return FitCore(design, targets, labelCount, options, options.EffectiveThreads, cancellationToken);
    }

    /// <summary>Weights of label <paramref name="label"/> (zeros for a constant predictor).</summary>
    public ReadOnlySpan<double> Coefficients(int label) => _coefficients.AsSpan(CheckLabel(label) * Dimension, Dimension);

    /// <summary>Intercept of label <paramref name="label"/>; −∞ or +∞ for a constant predictor of probability 0 or 1.</summary>
    public double Intercept(int label) => _intercepts[CheckLabel(label)];

    /// <summary>True when the label had no positive or no negative training row (a constant predictor).</summary>
    public bool IsConstant(int label) => _constant[CheckLabel(label)] != 0;

    /// <summary>L-BFGS iterations used for label <paramref name="label"/> (0 for a constant predictor).</summary>
    public int Iterations(int label) => _iterations[CheckLabel(label)];

    /// <summary>True when label <paramref name="label"/> met the tolerance (always true for a constant predictor).</summary>
    public bool Converged(int label) => _converged[CheckLabel(label)];

    /// <summary>
    /// Decision values <c>wᵀx + b</c>, row-major rows × <see cref="LabelCount"/>, computed in float64;
    /// −∞ / +∞ for constant predictors of probability 0 / 1.
    /// </summary>
    public void DecisionFunction(ReadOnlySpan<float> features, Span<double> scores)
    {
        int rows = CheckRows(features, scores.Length);
        double[] x = new double[Dimension];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> src = features.Slice(i * Dimension, Dimension);
            for (int k = 0; k < Dimension; k++) x[k] = src[k];
            ScoreRow(x, scores.Slice(i * LabelCount, LabelCount));
        }
    }

    /// <summary>Probabilities <c>σ(wᵀx + b)</c> of the positive class, row-major rows × <see cref="LabelCount"/>.</summary>
    public void PredictProbability(ReadOnlySpan<float> features, Span<double> probabilities)
    {
        DecisionFunction(features, probabilities);
        for (int t = 0; t < probabilities.Length; t++)
        {
            double z = probabilities[t];
            probabilities[t] = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
        }
    }

    internal void ScoreRow(ReadOnlySpan<double> x, Span<double> scores)
    {
        for (int l = 0; l < LabelCount; l++)
            scores[l] = _constant[l] != 0 ? _intercepts[l] : TensorPrimitives.Dot(x, _coefficients.AsSpan(l * Dimension, Dimension)) + _intercepts[l];
    }

    private int CheckRows(ReadOnlySpan<float> features, int outputLength)
    {
        if (features.Length % Dimension != 0)
            throw new ArgumentException($"features has {features.Length} values, not a multiple of dimension {Dimension}", nameof(features));
        int rows = features.Length / Dimension;
        if (outputLength != (long)rows * LabelCount)
            throw new ArgumentException($"output has {outputLength} values; expected {rows} rows × {LabelCount} labels");
        return rows;
    }

    private int CheckLabel(int label)
    {
        if ((uint)label >= (uint)LabelCount) throw new ArgumentOutOfRangeException(nameof(label), label, $"label must be in [0, {LabelCount})");
        return label;
    }

    internal static bool HasNonFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return true;
        return false;
    }
}
