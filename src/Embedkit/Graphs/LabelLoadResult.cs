namespace Embedkit.Graphs;

/// <summary>Labels read by <see cref="LabelReader"/>, aligned to the given rows, with what the reader skipped counted.</summary>
public sealed class LabelLoadResult
{
    /// <summary>The labels, aligned to the row ids given to the reader.</summary>
    public required NodeLabels Labels { get; init; }

    /// <summary>Rows that received no label (left out of evaluation).</summary>
    public required int UnlabelledRows { get; init; }

    /// <summary>Lines of the label file, counting comments, blank lines and the header.</summary>
    public required long LinesRead { get; init; }

    /// <summary>Repeated (node, label) lines that were ignored.</summary>
    public required long DuplicatePairs { get; init; }

    /// <summary>Sentences for the user about what was skipped; empty when nothing was.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
