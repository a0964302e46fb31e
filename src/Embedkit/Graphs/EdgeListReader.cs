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
        var table = new NodeIdTable();
        if (options.NodesFile is not null) ReadNodeList(options.NodesFile, table, ct);
        bool hasNodeList = options.NodesFile is not null;
        List<string> ids = table.Ids;

        var lines = new LineReader(reader, file);
        var sources = new ChunkedList<int>();
        var targets = new ChunkedList<int>();
        var weights = new ChunkedList<float>();
        bool keepLines = options.Duplicates == DuplicateEdgePolicy.Error;
        var edgeLines = new ChunkedList<long>();
        Span<Range> fields = stackalloc Range[3];
        bool headerPending = options.HasHeader;
        int columns = 0;
        long columnsLine = 0, edgesRead = 0, loopsDropped = 0, loopsKept = 0;

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

            int u = NodeIndex(line[fields[0]], "source", table, hasNodeList, options.NodesFile, file, lineNumber);
            int v = NodeIndex(line[fields[1]], "target", table, hasNodeList, options.NodesFile, file, lineNumber);
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
                            $"self-loop on node {FieldSplitter.Quote(line[fields[0]])} (--self-loops error; use --self-loops drop or keep)",
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

        if (edgesRead == 0 && ids.Count == 0)
            ThrowHelper.InvalidInput("no edges found (expected lines 'source<TAB>target[<TAB>weight]')", file);

        int isolated = DropOrCountIsolated(ids, sources, targets, options.Isolated);
        bool weighted = columns == 3;
        CsrBuilder.Result csr = CsrBuilder.Build(ids.Count, sources, targets, weighted ? weights : null, options.Directed, options.Duplicates);

        if (options.Duplicates == DuplicateEdgePolicy.Error && csr.FirstDuplicate >= 0)
        {
            int e = csr.FirstDuplicate;
            ThrowHelper.InvalidInput(
                $"duplicate edge {FieldSplitter.Quote(ids[sources[e]])} {FieldSplitter.Quote(ids[targets[e]])}" +
                $" (first on line {edgeLines[csr.FirstDuplicateOriginal]}; --duplicates error; use --duplicates keepfirst or sum)",
                file, edgeLines[e]);
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

    private static int NodeIndex(ReadOnlySpan<char> id, string field, NodeIdTable table, bool hasNodeList, string? nodesFile, string file, long line)
    {
        if (id.IsEmpty) ThrowHelper.InvalidInput($"the {field} node id is empty; {ExpectedFields}", file, line, field);
        int index;
        if (!hasNodeList)
        {
            table.TryAdd(id, out index);
            return index;
        }
        if (!table.TryGetIndex(id, out index))
            ThrowHelper.InvalidInput($"node {FieldSplitter.Quote(id)} is not in the node list {nodesFile}", file, line, field);
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

    private static void ReadNodeList(string path, NodeIdTable table, CancellationToken ct)
    {
        using TextReader reader = TextInput.Open(path);
        var lines = new LineReader(reader, path);
        var firstLines = new GrowableArray<long>(1024);
        while (lines.TryReadLine(out ReadOnlySpan<char> line))
        {
            long lineNumber = lines.LineNumber;
            if ((lineNumber & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (FieldSplitter.IsSkippable(line)) continue;
            int tab = line.IndexOf('\t');
            ReadOnlySpan<char> id = (tab >= 0 ? line[..tab] : line).Trim(' ');
            if (id.IsEmpty) ThrowHelper.InvalidInput("the node id is empty (expected one id per line)", path, lineNumber, "node");
            if (!table.TryAdd(id, out int seen))
                ThrowHelper.InvalidInput($"node {FieldSplitter.Quote(id)} is listed twice (first on line {firstLines.Items[seen]})", path, lineNumber, "node");
            firstLines.TryAdd(lineNumber);
        }
        if (firstLines.Count == 0)
            ThrowHelper.InvalidInput("no node ids found (expected one id per line); leave out --nodes to take the nodes from the edges", path, field: "node");
    }

    /// <summary>Counts nodes in no edge; with <see cref="IsolatedNodePolicy.Drop"/> removes them and renumbers the edges.</summary>
    private static int DropOrCountIsolated(List<string> ids, ChunkedList<int> sources, ChunkedList<int> targets, IsolatedNodePolicy policy)
    {
        var used = new bool[ids.Count];
        for (int c = 0; c < sources.ChunkCount; c++)
        {
            foreach (int u in sources.Chunk(c)) used[u] = true;
            foreach (int v in targets.Chunk(c)) used[v] = true;
        }
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
        for (int c = 0; c < sources.ChunkCount; c++)
        {
            Span<int> chunkSources = sources.Chunk(c), chunkTargets = targets.Chunk(c);
            for (int i = 0; i < chunkSources.Length; i++)
            {
                chunkSources[i] = renumber[chunkSources[i]];
                chunkTargets[i] = renumber[chunkTargets[i]];
            }
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
