namespace Embedkit.Evaluation;

/// <summary>The result of <see cref="NodeClassificationEvaluator.Evaluate"/>.</summary>
public sealed record NodeClassificationReport
{
    /// <summary>One result per train ratio, in the order of <see cref="NodeClassificationOptions.TrainRatios"/>.</summary>
    public required IReadOnlyList<RatioResult> Ratios { get; init; }

    /// <summary>True when every labelled row has exactly one label (accuracy is then reported too).</summary>
    public required bool SingleLabel { get; init; }

    /// <summary>Rows with at least one label (the only rows evaluated).</summary>
    public required int LabelledRows { get; init; }

    /// <summary>Labels of the dataset; Macro-F1 averages over all of them.</summary>
    public required int LabelCount { get; init; }

    /// <summary>The options used.</summary>
    public required NodeClassificationOptions Options { get; init; }

    /// <summary>Wall time of the evaluation.</summary>
    public required TimeSpan Elapsed { get; init; }
}
