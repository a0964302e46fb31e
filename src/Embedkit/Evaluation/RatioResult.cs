namespace Embedkit.Evaluation;

/// <summary>Scores at one train ratio: mean and population standard deviation (numpy's default <c>np.std</c>, ddof = 0) over repeats.</summary>
public sealed record RatioResult
{
    /// <summary>The train ratio.</summary>
    public required double TrainRatio { get; init; }

    /// <summary>Training rows per repeat: round(ratio · labelled rows), at least 1.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Test rows per repeat.</summary>
    public required int TestCount { get; init; }

    /// <summary>Mean Micro-F1 over repeats, in [0, 1].</summary>
    public required double MicroF1 { get; init; }

    /// <summary>Mean Macro-F1 over repeats, in [0, 1].</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Population standard deviation of Micro-F1 over repeats.</summary>
    public required double MicroF1Std { get; init; }

    /// <summary>Population standard deviation of Macro-F1 over repeats.</summary>
    public required double MacroF1Std { get; init; }

    /// <summary>Mean accuracy over repeats; only for single-label data.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Population standard deviation of accuracy over repeats; only for single-label data.</summary>
    public double? AccuracyStd { get; init; }

    /// <summary>The scores of each repeat, in repeat order.</summary>
    public required IReadOnlyList<SplitScore> Repeats { get; init; }
}
