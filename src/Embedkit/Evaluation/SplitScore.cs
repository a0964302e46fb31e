namespace Embedkit.Evaluation;

/// <summary>Scores of one train/test split.</summary>
public sealed record SplitScore
{
    /// <summary>Micro-F1 on the test rows, in [0, 1].</summary>
    public required double MicroF1 { get; init; }

    /// <summary>Macro-F1 on the test rows over all labels of the dataset, in [0, 1].</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Fraction of test rows whose predicted label is the true one; only when every labelled row has one label.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Training rows.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Test rows.</summary>
    public required int TestCount { get; init; }

    /// <summary>Binary classifiers that reached the iteration limit before the tolerance.</summary>
    public int UnconvergedClassifiers { get; init; }
}
