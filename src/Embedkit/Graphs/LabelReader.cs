namespace Embedkit.Graphs;

/// <summary>
/// Reads node labels (<c>node label</c> per line; several lines per node for multi-label) aligned to a
/// list of row ids. Fields are split as in <see cref="EdgeListReader"/> (TAB, else comma, else spaces);
/// comments (<c>#</c>, <c>%</c>), blank lines, CRLF, a UTF-8 BOM and gzip are accepted. Label names are
/// sorted, integer-like names numerically ("2" before "10") and others ordinally, so label indices are
/// stable. Only labels on lines whose node is among the rows are kept.
/// </summary>
public static class LabelReader
{
    private const string ExpectedFields = "expected 2 fields (node, label)";

    /// <summary>Reads the label file at <paramref name="path"/> (no header) aligned to <paramref name="rowIds"/>.</summary>
    /// <exception cref="InvalidInputException">The file is missing or malformed, or no line names a row.</exception>
    public static LabelLoadResult Read(string path, IReadOnlyList<string> rowIds, CancellationToken ct = default) =>
        Read(path, rowIds, hasHeader: false, ct);

    /// <summary>
    /// Reads the label file at <paramref name="path"/> aligned to <paramref name="rowIds"/>; with
    /// <paramref name="hasHeader"/> the first line that is neither blank nor a comment is skipped.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is missing or malformed, or no line names a row.</exception>
    public static LabelLoadResult Read(string path, IReadOnlyList<string> rowIds, bool hasHeader, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rowIds);
        using TextReader reader = TextInput.Open(path);
        return ReadCore(reader, path, rowIds, hasHeader, ct);
    }

    /// <summary>Reads labels from <paramref name="reader"/>; <paramref name="displayName"/> stands for the file in messages.</summary>
    /// <exception cref="InvalidInputException">The input is malformed, or no line names a row.</exception>
    public static LabelLoadResult Read(TextReader reader, string displayName, IReadOnlyList<string> rowIds, bool hasHeader = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(rowIds);
        return ReadCore(reader, displayName, rowIds, hasHeader, ct);
    }

    private static LabelLoadResult ReadCore(TextReader reader, string file, IReadOnlyList<string> rowIds, bool hasHeader, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var rows = new NodeIdTable();
        for (int i = 0; i < rowIds.Count; i++)
            if (!rows.TryAdd(rowIds[i], out int first))
                throw new ArgumentException($"row id '{rowIds[i]}' appears twice (rows {first} and {i})", nameof(rowIds));
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelLookup = labelIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var labelNames = new List<string>();

        var lines = new LineReader(reader, file);
        var pairRows = new GrowableArray<int>(1024);
        var pairLabels = new GrowableArray<int>(1024);
        Span<Range> fields = stackalloc Range[2];
        bool headerPending = hasHeader;
        long dataLines = 0;
        int unknownLines = 0;
        string? firstUnknown = null;
        long firstUnknownLine = 0;
        while (lines.TryReadLine(out ReadOnlySpan<char> line))
        {
            long lineNumber = lines.LineNumber;
            if ((lineNumber & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (FieldSplitter.IsSkippable(line)) continue;
            if (headerPending)
            {
                headerPending = false;
                continue;
            }
            int count = FieldSplitter.Split(line, fields);
            if (count != 2)
                ThrowHelper.InvalidInput($"found {count} field{(count == 1 ? "" : "s")}; {ExpectedFields}", file, lineNumber);
            ReadOnlySpan<char> node = line[fields[0]], label = line[fields[1]];
            if (node.IsEmpty) ThrowHelper.InvalidInput($"the node id is empty; {ExpectedFields}", file, lineNumber, "node");
            if (label.IsEmpty) ThrowHelper.InvalidInput($"the label is empty; {ExpectedFields}", file, lineNumber, "label");
            dataLines++;

            if (!rows.TryGetIndex(node, out int row))
            {
                if (unknownLines++ == 0)
                {
                    firstUnknown = node.ToString();
                    firstUnknownLine = lineNumber;
                }
                continue;
            }
            if (!labelLookup.TryGetValue(label, out int labelId))
            {
                labelId = labelNames.Count;
                string name = label.ToString();
                labelIndex.Add(name, labelId);
                labelNames.Add(name);
            }
            if (!pairRows.TryAdd(row) || !pairLabels.TryAdd(labelId))
                ThrowHelper.InvalidInput($"more than {Array.MaxLength} label lines are not supported", file, lineNumber);
        }

        if (dataLines == 0)
            ThrowHelper.InvalidInput("no labels found (expected lines 'node<TAB>label')", file);
        if (pairRows.Count == 0)
        {
            ThrowHelper.InvalidInput(
                $"none of the {dataLines:N0} label lines names one of the {rowIds.Count:N0} rows " +
                $"(first unknown node {FieldSplitter.Quote(firstUnknown)} on line {firstUnknownLine}); do the label ids match the node ids?",
                file);
        }

        // Sorted label names; renumber first-appearance ids to sorted positions.
        int[] order = new int[labelNames.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        string[] sortedNames = labelNames.ToArray();
        Array.Sort(sortedNames, order, LabelNameComparer.Instance);
        int[] renumber = new int[order.Length];
        for (int i = 0; i < order.Length; i++) renumber[order[i]] = i;

        var (offsets, indices, duplicates) = Align(rowIds.Count, pairRows.AsSpan(), pairLabels.AsSpan(), renumber);
        int unlabelled = 0;
        for (int r = 0; r < rowIds.Count; r++)
            if (offsets[r + 1] == offsets[r]) unlabelled++;

        var warnings = new List<string>();
        if (unknownLines > 0)
            warnings.Add($"skipped {Lines(unknownLines)} naming nodes that are not among the rows (first: {FieldSplitter.Quote(firstUnknown)} on line {firstUnknownLine})");
        if (duplicates > 0)
            warnings.Add($"ignored {Lines(duplicates)} repeating a (node, label) pair");
        if (unlabelled > 0)
            warnings.Add($"{unlabelled:N0} of {rowIds.Count:N0} rows have no label and are left out of evaluation");

        return new LabelLoadResult
        {
            Labels = new NodeLabels(sortedNames, offsets, indices, unknownLines),
            UnlabelledRows = unlabelled,
            LinesRead = lines.LineNumber,
            DuplicatePairs = duplicates,
            Warnings = warnings,
        };
    }

    /// <summary>Counting-sorts the pairs by row, sorts each row's labels and removes repeats.</summary>
    private static (int[] Offsets, int[] Indices, int Duplicates) Align(int rowCount, ReadOnlySpan<int> rows, ReadOnlySpan<int> labels, int[] renumber)
    {
        var offsets = new int[rowCount + 1];
        foreach (int r in rows) offsets[r + 1]++;
        for (int r = 0; r < rowCount; r++) offsets[r + 1] += offsets[r];
        var indices = new int[rows.Length];
        var next = offsets.AsSpan(0, rowCount).ToArray();
        for (int i = 0; i < rows.Length; i++) indices[next[rows[i]]++] = renumber[labels[i]];

        int write = 0;
        for (int r = 0; r < rowCount; r++)
        {
            int start = offsets[r], end = offsets[r + 1];
            offsets[r] = write;
            Span<int> row = indices.AsSpan(start, end - start);
            row.Sort();
            for (int i = 0; i < row.Length; i++)
                if (i == 0 || row[i] != row[i - 1]) indices[write++] = row[i];
        }
        int duplicates = rows.Length - write;
        offsets[rowCount] = write;
        if (duplicates > 0) Array.Resize(ref indices, write);
        return (offsets, indices, duplicates);
    }

    private static string Lines(long n) => n == 1 ? "1 line" : $"{n:N0} lines";
}
