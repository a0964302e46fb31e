using System.Globalization;

namespace Embedkit.Graphs;

/// <summary>
/// Reads an edge list (<c>source target [weight]</c> per line) into a <see cref="CsrGraph"/>.
/// Fields are split on TAB when a line has one (ids may then contain spaces), else on commas, else on
/// runs of spaces. Lines starting with <c>#</c> or <c>%</c> and blank lines are skipped; CRLF, a UTF-8
/// BOM and gzip (<c>.gz</c> or magic bytes) are accepted. Node ids are kept as the exact strings given
/// and numbered by first appearance (node-list ids first). Memory is proportional to nodes + edges.
/// </summary>
public static class EdgeListReader
{
    private const string ExpectedFields = "expected 2 or 3 fields (source, target[, weight])";

    /// <summary>Reads the edge list at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">The file is missing or malformed; the message names the file and line.</exception>
    public static GraphLoadResult Read(string path, EdgeListOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using TextReader reader = TextInput.Open(path);
        return ReadCore(reader, path, options, ct);
    }

    /// <summary>
    /// Reads an edge list from <paramref name="reader"/>; <paramref name="displayName"/> stands for the file
    /// in messages. A node list, if any, is still read from <see cref="EdgeListOptions.NodesFile"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">The input is malformed; the message names the display name and line.</exception>
    public static GraphLoadResult Read(TextReader reader, string displayName, EdgeListOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return ReadCore(reader, displayName, options, ct);
    }

    private static GraphLoadResult ReadCore(TextReader reader, string file, EdgeListOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        if (options.NodesFile is not null) ReadNodeList(options.NodesFile, index, ids, ct);
        bool hasNodeList = options.NodesFile is not null;
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();

        var lines = new LineReader(reader);
        var sources = new GrowableArray<int>(1024);
        var targets = new GrowableArray<int>(1024);
        var weights = new GrowableArray<float>(0);
        bool keepLines = options.Duplicates == DuplicateEdgePolicy.Error;
        var edgeLines = new GrowableArray<long>(keepLines ? 1024 : 0);
        Span<Range> fields = stackalloc Range[3];
        bool headerPending = options.HasHeader;
        int columns = 0;
        long columnsLine = 0, edgesRead = 0, loopsDropped = 0, loopsKept = 0;

        try
        {
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
                if (count is < 2 or > 3)
                    ThrowHelper.InvalidInput($"found {count} field{(count == 1 ? "" : "s")}; {ExpectedFields}", file, lineNumber);
                if (columns == 0)
                {
                    columns = count;
                    columnsLine = lineNumber;
                }
                else if (count != columns)
                {
                    ThrowHelper.InvalidInput(
                        $"found {count} fields but line {columnsLine} has {columns}: a weight column must be on every line or on none",
                        file, lineNumber, "weight");
                }
                edgesRead++;

                int u = NodeIndex(line[fields[0]], "source", lookup, ids, hasNodeList, options.NodesFile, file, lineNumber);
                int v = NodeIndex(line[fields[1]], "target", lookup, ids, hasNodeList, options.NodesFile, file, lineNumber);
                float weight = count == 3 ? ParseWeight(line[fields[2]], file, lineNumber) : 1f;
                if (u == v)
                {
                    switch (options.SelfLoops)
                    {
                        case SelfLoopPolicy.Drop:
                            loopsDropped++;
                            continue;
                        case SelfLoopPolicy.Error:
                            ThrowHelper.InvalidInput(
                                $"self-loop on node {FieldSplitter.Quote(line[fields[0]])} (self-loops are set to Error; use Drop or Keep)",
                                file, lineNumber);
                            break;
                        default:
                            loopsKept++;
                            break;
                    }
                }

                bool added = sources.TryAdd(u) && targets.TryAdd(v)
                    && (count != 3 || weights.TryAdd(weight))
                    && (!keepLines || edgeLines.TryAdd(lineNumber));
                if (!added) ThrowHelper.InvalidInput($"more than {Array.MaxLength} edges are not supported", file, lineNumber);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException($"the gzip data is corrupt ({ex.Message})", file, lines.LineNumber + 1, inner: ex);
        }

        if (edgesRead == 0 && ids.Count == 0)
            ThrowHelper.InvalidInput("no edges found (expected lines 'source<TAB>target[<TAB>weight]')", file);

        Span<int> edgeSources = sources.AsSpan();
        Span<int> edgeTargets = targets.AsSpan();
        int isolated = DropOrCountIsolated(ids, edgeSources, edgeTargets, options.Isolated);
        bool weighted = columns == 3;
        CsrBuilder.Result csr = CsrBuilder.Build(ids.Count, edgeSources, edgeTargets, weights.AsSpan(), weighted, options.Directed, options.Duplicates);

        if (options.Duplicates == DuplicateEdgePolicy.Error && csr.FirstDuplicate >= 0)
        {
            int e = csr.FirstDuplicate;
            ThrowHelper.InvalidInput(
                $"duplicate edge {FieldSplitter.Quote(ids[edgeSources[e]])} {FieldSplitter.Quote(ids[edgeTargets[e]])}" +
                $" (first on line {edgeLines.Items[csr.FirstDuplicateOriginal]}; duplicates are set to Error, use KeepFirst or Sum)",
                file, edgeLines.Items[e]);
        }

        var graph = new CsrGraph(ids.ToArray(), csr.Offsets, csr.Targets, csr.Weights, options.Directed);
        return new GraphLoadResult
        {
            Graph = graph,
            LinesRead = lines.LineNumber,
            EdgesRead = edgesRead,
            SelfLoopsDropped = loopsDropped,
            SelfLoopsKept = loopsKept,
            DuplicateEdges = csr.DuplicateEdges,
            IsolatedNodes = isolated,
            Warnings = Warnings(loopsDropped, csr.DuplicateEdges, isolated, weighted, options),
        };
    }

    private static int NodeIndex(ReadOnlySpan<char> id, string field, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup,
        List<string> ids, bool hasNodeList, string? nodesFile, string file, long line)
    {
        if (lookup.TryGetValue(id, out int index)) return index;
        if (id.IsEmpty) ThrowHelper.InvalidInput($"the {field} node id is empty; {ExpectedFields}", file, line, field);
        if (hasNodeList) ThrowHelper.InvalidInput($"node {FieldSplitter.Quote(id)} is not in the node list {nodesFile}", file, line, field);
        string text = id.ToString();
        index = ids.Count;
        lookup.Dictionary.Add(text, index);
        ids.Add(text);
        return index;
    }

    private static float ParseWeight(ReadOnlySpan<char> text, string file, long line)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float weight))
            ThrowHelper.InvalidInput($"weight {FieldSplitter.Quote(text)} is not a number; expected a finite number > 0", file, line, "weight");
        if (float.IsNaN(weight))
            ThrowHelper.InvalidInput($"weight {FieldSplitter.Quote(text)} is NaN; expected a finite number > 0", file, line, "weight");
        if (float.IsInfinity(weight))
            ThrowHelper.InvalidInput($"weight {FieldSplitter.Quote(text)} is infinite or beyond the 32-bit float range; expected a finite number > 0", file, line, "weight");
        if (weight == 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double wide) && wide > 0)
            ThrowHelper.InvalidInput($"weight {FieldSplitter.Quote(text)} is too small for a 32-bit float (it rounds to 0); expected a finite number > 0", file, line, "weight");
        if (!(weight > 0))
            ThrowHelper.InvalidInput($"weight {FieldSplitter.Quote(text)} is not > 0; expected a finite number > 0", file, line, "weight");
        return weight;
    }

    private static void ReadNodeList(string path, Dictionary<string, int> index, List<string> ids, CancellationToken ct)
    {
        using TextReader reader = TextInput.Open(path);
        var lines = new LineReader(reader);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var firstLines = new GrowableArray<long>(1024);
        try
        {
            while (lines.TryReadLine(out ReadOnlySpan<char> line))
            {
                long lineNumber = lines.LineNumber;
                if ((lineNumber & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                if (FieldSplitter.IsSkippable(line)) continue;
                int tab = line.IndexOf('\t');
                ReadOnlySpan<char> id = (tab >= 0 ? line[..tab] : line).Trim(' ');
                if (id.IsEmpty) ThrowHelper.InvalidInput("the node id is empty (expected one id per line)", path, lineNumber, "node");
                if (lookup.TryGetValue(id, out int seen))
                    ThrowHelper.InvalidInput($"node {FieldSplitter.Quote(id)} is listed twice (first on line {firstLines.Items[seen]})", path, lineNumber, "node");
                string text = id.ToString();
                index.Add(text, ids.Count);
                ids.Add(text);
                firstLines.TryAdd(lineNumber);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException($"the gzip data is corrupt ({ex.Message})", path, lines.LineNumber + 1, inner: ex);
        }
    }

    /// <summary>Counts nodes in no edge; with <see cref="IsolatedNodePolicy.Drop"/> removes them and renumbers the edges.</summary>
    private static int DropOrCountIsolated(List<string> ids, Span<int> sources, Span<int> targets, IsolatedNodePolicy policy)
    {
        var used = new bool[ids.Count];
        foreach (int u in sources) used[u] = true;
        foreach (int v in targets) used[v] = true;
        int isolated = 0;
        foreach (bool b in used)
            if (!b) isolated++;
        if (isolated == 0 || policy == IsolatedNodePolicy.Keep) return isolated;

        var renumber = new int[ids.Count];
        int kept = 0;
        for (int v = 0; v < ids.Count; v++)
        {
            if (!used[v]) continue;
            renumber[v] = kept;
            ids[kept++] = ids[v];
        }
        ids.RemoveRange(kept, ids.Count - kept);
        for (int e = 0; e < sources.Length; e++)
        {
            sources[e] = renumber[sources[e]];
            targets[e] = renumber[targets[e]];
        }
        return isolated;
    }

    private static List<string> Warnings(long loopsDropped, long duplicates, int isolated, bool weighted, EdgeListOptions options)
    {
        var warnings = new List<string>();
        if (loopsDropped > 0)
            warnings.Add($"dropped {Count(loopsDropped, "self-loop")} (use --self-loops keep to keep them)");
        if (duplicates > 0)
        {
            string what = options.Directed ? "" : " ('u v' and 'v u' are the same edge in an undirected graph)";
            warnings.Add(options.Duplicates == DuplicateEdgePolicy.Sum && weighted
                ? $"merged {Count(duplicates, "duplicate edge")} by adding their weights{what}"
                : weighted
                    ? $"merged {Count(duplicates, "duplicate edge")}, keeping the first weight of each (use --duplicates sum to add weights){what}"
                    : $"merged {Count(duplicates, "duplicate edge")}{what}");
        }
        if (isolated > 0)
        {
            string are = isolated == 1 ? "is" : "are";
            warnings.Add(options.Isolated == IsolatedNodePolicy.Drop
                ? $"dropped {Count(isolated, "node")} that {are} in no edge"
                : $"kept {Count(isolated, "node")} that {are} in no edge, with degree 0 (use --isolated drop to drop them)");
        }
        return warnings;
    }

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n:N0} {noun}s";
}
