using System.Globalization;
using System.Text;
using System.Text.Json;
using Embedkit.Graphs;
using Embedkit.IO;

namespace Embedkit.Evaluation;

public sealed partial class LinkPredictionSplit
{
    /// <summary>Node list of a split folder: one id per line, in node-index order (<c>embed graph --nodes</c> keeps isolated nodes with it).</summary>
    public const string NodesFileName = "nodes.txt";

    /// <summary>Residual edge list of a split folder: <c>u&lt;TAB&gt;v[&lt;TAB&gt;weight]</c>, each edge once, readable by <see cref="EdgeListReader"/>.</summary>
    public const string ResidualFileName = "residual.tsv";

    /// <summary>Test pairs of a split folder: <c>u&lt;TAB&gt;v&lt;TAB&gt;label</c>, label 1 for a held-out edge and 0 for a non-edge.</summary>
    public const string TestFileName = "test.tsv";

    /// <summary>Training pairs of a split folder, as <see cref="TestFileName"/>: 1 for a residual edge, 0 for a non-edge.</summary>
    public const string TrainFileName = "train.tsv";

    /// <summary>Options and counts of a split folder (JSON); written last, so a folder without it is incomplete.</summary>
    public const string InfoFileName = "split.json";

    private const string Format = "embedkit-link-prediction-split";
    private const int Version = 1;

    /// <summary>
    /// Writes the split into <paramref name="folder"/> (created if missing): <see cref="NodesFileName"/>,
    /// <see cref="ResidualFileName"/>, <see cref="TestFileName"/>, <see cref="TrainFileName"/> with the original
    /// string ids, then <see cref="InfoFileName"/>. Each file is written atomically and the info file last, so an
    /// interrupted write never leaves a folder that <see cref="Read"/> accepts.
    /// </summary>
    /// <exception cref="InvalidInputException">When a node id cannot be stored in a TSV line (empty, with a tab, CR or LF,
    /// with spaces at either end, or starting with the comment characters # or %); nothing is written then.</exception>
    public void Write(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        RequireWritableIds(NodeIds, folder);
        if (File.Exists(folder)) ThrowHelper.InvalidInput("cannot write a split: expected a folder, found a file", folder);
        Directory.CreateDirectory(folder);
        WriteText(Path.Combine(folder, NodesFileName), w =>
        {
            foreach (string id in NodeIds) { w.Write(id); w.Write('\n'); }
        });
        WriteText(Path.Combine(folder, ResidualFileName), w =>
        {
            CsrGraph g = Residual;
            Span<char> number = stackalloc char[TextValues.MaxFloatChars];
            for (int u = 0; u < g.NodeCount; u++)
            {
                ReadOnlySpan<int> row = g.Neighbors(u);
                ReadOnlySpan<float> weights = g.NeighborWeights(u);
                for (int i = 0; i < row.Length; i++)
                {
                    if (row[i] < u) continue;
                    w.Write(NodeIds[u]);
                    w.Write('\t');
                    w.Write(NodeIds[row[i]]);
                    if (g.IsWeighted)
                    {
                        weights[i].TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                        w.Write('\t');
                        w.Write(number[..written]);
                    }
                    w.Write('\n');
                }
            }
        });
        WritePairs(Path.Combine(folder, TestFileName), _test);
        WritePairs(Path.Combine(folder, TrainFileName), _train);
        WriteText(Path.Combine(folder, InfoFileName), w => w.Write(InfoJson()));
    }

    /// <summary>Reads a split written by <see cref="Write"/> from <paramref name="folder"/>, checking it throughout.</summary>
    /// <exception cref="InvalidInputException">
    /// When a file is missing or malformed, a pair names a node that is not in <see cref="NodesFileName"/>, a label is
    /// not 0 or 1, a pair appears twice or contradicts the residual graph, or the counts differ from the info file;
    /// the message names the file, line and field.
    /// </exception>
    public static LinkPredictionSplit Read(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) ThrowHelper.InvalidInput("expected a link-prediction split folder, found no folder", folder);
        string info = Path.Combine(folder, InfoFileName);
        if (!File.Exists(info))
            ThrowHelper.InvalidInput($"no {InfoFileName}: not a complete link-prediction split folder (write one with --write-split; {InfoFileName} is written last)", folder);
        Info meta = ReadInfo(info);

        var options = new EdgeListOptions
        {
            NodesFile = Path.Combine(folder, NodesFileName),
            SelfLoops = SelfLoopPolicy.Keep,
            Duplicates = DuplicateEdgePolicy.Error,
            Isolated = IsolatedNodePolicy.Keep,
        };
        string residualPath = Path.Combine(folder, ResidualFileName);
        CsrGraph residual = EdgeListReader.Read(residualPath, options, cancellationToken).Graph;
        int residualEdges = Edges(residual).Sources.Length;
        if (residual.NodeCount != meta.Nodes)
            ThrowHelper.InvalidInput($"{InfoFileName} says {meta.Nodes:N0} nodes but {NodesFileName} lists {residual.NodeCount:N0}", info, field: "nodes");
        if (residualEdges != meta.Edges - meta.HeldOut)
            ThrowHelper.InvalidInput($"{InfoFileName} says {meta.Edges:N0} edges of which {meta.HeldOut:N0} are held out, but {ResidualFileName} has {residualEdges:N0} (expected {meta.Edges - meta.HeldOut:N0})", info, field: "edges");

        var table = new NodeIdTable();
        foreach (string id in residual.NodeIds) table.TryAdd(id, out _);
        var seen = new Dictionary<long, (string File, long Line)>();
        NodePair[] test = ReadPairs(Path.Combine(folder, TestFileName), residual, table, seen, training: false, cancellationToken);
        NodePair[] train = ReadPairs(Path.Combine(folder, TrainFileName), residual, table, seen, training: true, cancellationToken);
        int testPositives = test.Count(p => p.IsEdge);
        CheckCount(meta.HeldOut, testPositives, "held_out", $"label-1 pairs in {TestFileName}", info);
        CheckCount(meta.TestPairs, test.Length, "test_pairs", $"pairs in {TestFileName}", info);
        CheckCount(meta.TrainPairs, train.Length, "train_pairs", $"pairs in {TrainFileName}", info);
        return new LinkPredictionSplit(residual, test, train, meta.Options, meta.Edges, meta.Requested, meta.Source, meta.Warnings);
    }

    private static void CheckCount(int expected, int found, string field, string what, string info)
    {
        if (expected != found)
            ThrowHelper.InvalidInput($"{InfoFileName} says {field} = {expected:N0} but there are {found:N0} {what}", info, field: field);
    }

    /// <summary>Ids that the edge-list and pair readers would read back as the same string on a TAB-separated line.</summary>
    private static void RequireWritableIds(IReadOnlyList<string> ids, string folder)
    {
        foreach (string id in ids)
        {
            string? problem =
                id.Length == 0 ? "it is empty"
                : id.AsSpan().IndexOfAny('\t', '\r', '\n') >= 0 ? "it contains a tab, CR or LF"
                : id[0] == ' ' || id[^1] == ' ' ? "it starts or ends with a space (readers trim fields)"
                : id[0] is '#' or '%' ? "it starts with # or %, which readers take for a comment"
                : null;
            if (problem is not null)
                ThrowHelper.InvalidInput($"node id '{IdRules.Printable(id)}' cannot be written to the split's TSV files: {problem}", folder, field: "id");
        }
    }

    private static void WriteText(string path, Action<TextWriter> write) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, InputFile.StrictUtf8, 1 << 16, leaveOpen: true);
            write(writer);
        });

    private void WritePairs(string path, NodePair[] pairs) =>
        WriteText(path, w =>
        {
            foreach (NodePair p in pairs)
            {
                w.Write(NodeIds[p.U]);
                w.Write('\t');
                w.Write(NodeIds[p.V]);
                w.Write(p.IsEdge ? "\t1\n" : "\t0\n");
            }
        });

    private static NodePair[] ReadPairs(string path, CsrGraph residual, NodeIdTable table, Dictionary<long, (string File, long Line)> seen,
        bool training, CancellationToken ct)
    {
        using TextReader reader = TextInput.Open(path);
        var lines = new Graphs.LineReader(reader, path);
        var positives = new List<NodePair>();
        var negatives = new List<NodePair>();
        Span<Range> fields = stackalloc Range[3];
        while (lines.TryReadLine(out ReadOnlySpan<char> line))
        {
            long number = lines.LineNumber;
            if ((number & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (FieldSplitter.IsSkippable(line)) continue;
            int count = FieldSplitter.Split(line, fields);
            if (count != 3)
                ThrowHelper.InvalidInput($"found {count} field{(count == 1 ? "" : "s")}; expected 3 (u<TAB>v<TAB>label)", path, number);
            int u = Node(line[fields[0]], "u", table, path, number);
            int v = Node(line[fields[1]], "v", table, path, number);
            ReadOnlySpan<char> label = line[fields[2]];
            bool isEdge = label switch
            {
                "1" => true,
                "0" => false,
                _ => ThrowHelper.InvalidInput<bool>($"label {FieldSplitter.Quote(label)} is not 0 or 1 (1 = edge, 0 = non-edge)", path, number, "label"),
            };
            if (u == v) ThrowHelper.InvalidInput($"pair of node {FieldSplitter.Quote(line[fields[0]])} with itself; expected two distinct nodes", path, number, "v");
            if (u > v) (u, v) = (v, u);
            long key = ((long)u << 32) | (uint)v;
            if (!seen.TryAdd(key, (Path.GetFileName(path), number)))
                ThrowHelper.InvalidInput($"pair {FieldSplitter.Quote(line[fields[0]])} {FieldSplitter.Quote(line[fields[1]])} appears twice (first in {seen[key].File} line {seen[key].Line})", path, number);
            bool inResidual = IsEdge(residual, u, v);
            if (isEdge && training && !inResidual)
                ThrowHelper.InvalidInput($"training pair {FieldSplitter.Quote(line[fields[0]])} {FieldSplitter.Quote(line[fields[1]])} is labelled 1 (an edge) but is not an edge of {ResidualFileName}", path, number, "label");
            if ((!training || !isEdge) && inResidual)
                ThrowHelper.InvalidInput(
                    $"pair {FieldSplitter.Quote(line[fields[0]])} {FieldSplitter.Quote(line[fields[1]])} is labelled {(isEdge ? "1 (a held-out edge)" : "0 (a non-edge)")} but is an edge of {ResidualFileName}",
                    path, number, "label");
            (isEdge ? positives : negatives).Add(new NodePair(u, v, isEdge));
        }
        return [.. positives, .. negatives];
    }

    private static int Node(ReadOnlySpan<char> id, string field, NodeIdTable table, string path, long line)
    {
        if (!table.TryGetIndex(id, out int index))
            ThrowHelper.InvalidInput($"node {FieldSplitter.Quote(id)} is not a node of the split (not in {NodesFileName})", path, line, field);
        return index;
    }

    private string InfoJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteNumber("holdout_fraction", Options.HoldoutFraction);
            json.WriteBoolean("keep_connected", Options.KeepConnected);
            json.WriteNumber("seed", Options.Seed);
            if (Source is null) json.WriteNull("source");
            else json.WriteString("source", Source);
            json.WriteNumber("nodes", NodeIds.Count);
            json.WriteNumber("edges", EdgeCount);
            json.WriteNumber("requested_held_out", RequestedHeldOutEdges);
            json.WriteNumber("held_out", HeldOutEdges);
            json.WriteNumber("test_pairs", _test.Length);
            json.WriteNumber("train_pairs", _train.Length);
            json.WriteStartArray("warnings");
            foreach (string w in Warnings) json.WriteStringValue(w);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private sealed record Info(LinkPredictionSplitOptions Options, string? Source, int Nodes, int Edges, int Requested, int HeldOut,
        int TestPairs, int TrainPairs, IReadOnlyList<string> Warnings);

    private static Info ReadInfo(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ThrowHelper.InvalidInput<Info>($"cannot read: {e.Message}", path);
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) ThrowHelper.InvalidInput($"expected a JSON object, found {root.ValueKind}", path);
            string format = Get(root, "format", JsonValueKind.String, path).GetString()!;
            if (format != Format) ThrowHelper.InvalidInput($"expected format '{Format}', found '{format}'", path, field: "format");
            int version = Int(root, "version", path);
            if (version != Version) ThrowHelper.InvalidInput($"expected version {Version}, found {version} (written by a newer Embedkit?)", path, field: "version");
            JsonElement seed = Get(root, "seed", JsonValueKind.Number, path);
            if (!seed.TryGetUInt64(out ulong seedValue)) ThrowHelper.InvalidInput($"expected 'seed' to be an unsigned 64-bit integer, found {seed.GetRawText()}", path, field: "seed");
            JsonElement keep = root.TryGetProperty("keep_connected", out var k) && k.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? k : ThrowHelper.InvalidInput<JsonElement>("expected 'keep_connected' to be true or false", path, field: "keep_connected");
            var options = new LinkPredictionSplitOptions
            {
                HoldoutFraction = Get(root, "holdout_fraction", JsonValueKind.Number, path).GetDouble(),
                KeepConnected = keep.GetBoolean(),
                Seed = seedValue,
            };
            try { options.Validate(); }
            catch (InvalidInputException e) { ThrowHelper.InvalidInput(e.Message, path, field: "holdout_fraction"); }
            string? source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var warnings = new List<string>();
            if (root.TryGetProperty("warnings", out var ws) && ws.ValueKind == JsonValueKind.Array)
                foreach (JsonElement w in ws.EnumerateArray())
                    if (w.ValueKind == JsonValueKind.String) warnings.Add(w.GetString()!);
            return new Info(options, source, Int(root, "nodes", path), Int(root, "edges", path), Int(root, "requested_held_out", path),
                Int(root, "held_out", path), Int(root, "test_pairs", path), Int(root, "train_pairs", path), warnings);
        }
        catch (JsonException e)
        {
            return ThrowHelper.InvalidInput<Info>($"expected valid JSON, found: {e.Message}", path);
        }
    }

    private static JsonElement Get(JsonElement root, string name, JsonValueKind kind, string path) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : ThrowHelper.InvalidInput<JsonElement>($"expected '{name}' to be a {kind.ToString().ToLowerInvariant()}", path, field: name);

    private static int Int(JsonElement root, string name, string path)
    {
        JsonElement value = Get(root, name, JsonValueKind.Number, path);
        if (!value.TryGetInt32(out int result) || result < 0)
            ThrowHelper.InvalidInput($"expected '{name}' to be a non-negative integer, found {value.GetRawText()}", path, field: name);
        return result;
    }
}
