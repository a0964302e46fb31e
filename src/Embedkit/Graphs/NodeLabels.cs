namespace Embedkit.Graphs;

/// <summary>
/// Labels aligned to a list of node ids (the rows of an embedding set or the nodes of a graph):
/// row <c>i</c> has labels <c>LabelIndices[Offsets[i] .. Offsets[i+1])</c>, each an index into
/// <see cref="LabelNames"/>. A row may have no labels (it is then left out of evaluation).
/// </summary>
public sealed class NodeLabels
{
    /// <summary>Creates aligned labels (arrays not copied).</summary>
    public NodeLabels(IReadOnlyList<string> labelNames, int[] offsets, int[] labelIndices, int unknownNodeLines = 0)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(labelIndices);
        if (offsets.Length == 0 || offsets[^1] != labelIndices.Length)
            throw new ArgumentException("offsets must end at the number of label indices", nameof(offsets));
        LabelNames = labelNames;
        Offsets = offsets;
        LabelIndices = labelIndices;
        UnknownNodeLines = unknownNodeLines;
    }

    /// <summary>Distinct label names, indexed by label index.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Number of distinct labels.</summary>
    public int LabelCount => LabelNames.Count;

    /// <summary>Number of rows the labels are aligned to.</summary>
    public int RowCount => Offsets.Length - 1;

    /// <summary>Row offsets into <see cref="LabelIndices"/> (length rows + 1).</summary>
    public int[] Offsets { get; }

    /// <summary>Label indices of all rows, row after row, sorted within a row.</summary>
    public int[] LabelIndices { get; }

    /// <summary>Lines of the label file whose node was not among the rows (skipped, counted).</summary>
    public int UnknownNodeLines { get; }

    /// <summary>Labels of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> Of(int row) => LabelIndices.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    /// <summary>True when every labelled row has exactly one label.</summary>
    public bool IsSingleLabel
    {
        get
        {
            for (int i = 0; i < RowCount; i++)
                if (Offsets[i + 1] - Offsets[i] > 1) return false;
            return true;
        }
    }
}
