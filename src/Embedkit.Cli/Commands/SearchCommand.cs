using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Embedkit.Cli.Infrastructure;
using Embedkit.IO;
using Embedkit.Search;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit search INDEX (--queries FILE | --id ID | --vector "0.1,0.2,..." | --text "query") [-k 10] [--ef 64 | --nprobe 8] [--json]</c></summary>
public sealed class SearchCommand : Command<SearchCommand.Settings>
{
    /// <summary>Settings of <c>search</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Index file.</summary>
        [CommandArgument(0, "<INDEX>")]
        [Description("Index file written by 'index build' (.eki), with its INDEX.eki.ids.txt beside it.")]
        public string Index { get; init; } = "";

        /// <summary>Query file.</summary>
        [CommandOption("--queries <FILE>")]
        [Description("Queries: an embeddings file (.ekv, .npy, .bin, .txt, .tsv; its ids label the queries) or a vector file (.fvecs, .bvecs, .hdf5 test set, idx).")]
        public string? Queries { get; init; }

        /// <summary>Query by stored id.</summary>
        [CommandOption("--id <ID>")]
        [Description("Search with the stored vector of this id (it finds itself first).")]
        public string? Id { get; init; }

        /// <summary>Query vector.</summary>
        [CommandOption("--vector <V>")]
        [Description("One query vector as comma-separated numbers.")]
        public string? Vector { get; init; }

        /// <summary>Text query.</summary>
        [CommandOption("--text <QUERY>")]
        [Description("A text query, encoded (as a query) with the model the indexed 'embed text' vectors came from.")]
        public string? Text { get; init; }

        /// <summary>Results per query.</summary>
        [CommandOption("-k <K>")]
        [Description("Results per query; fewer come back when the index holds fewer vectors.")]
        [DefaultValue(10)]
        public int K { get; init; } = 10;

        /// <summary>HNSW's ef.</summary>
        [CommandOption("--ef <EF>")]
        [Description("HNSW: size of the search's candidate list (efSearch).")]
        public int? Ef { get; init; }

        /// <summary>IVF's nprobe.</summary>
        [CommandOption("--nprobe <N>")]
        [Description("IVF: lists scanned per query, nearest centroid first (default 8).")]
        public int? NProbe { get; init; }

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads over queries; 0 = all cores.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int given = (settings.Queries is null ? 0 : 1) + (settings.Id is null ? 0 : 1) + (settings.Vector is null ? 0 : 1) + (settings.Text is null ? 0 : 1);
        if (given != 1)
            throw new InvalidInputException("expected exactly one of --queries FILE, --id ID, --vector \"0.1,0.2,...\" or --text \"query\"" + (given > 1 ? $", found {given}" : ""), field: "--queries");
        if (settings.K <= 0) throw new InvalidInputException($"option -k: expected a positive integer, found {settings.K}", field: "-k");
        if (settings.Threads < 0) throw new InvalidInputException($"option --threads: expected 0 (all cores) or a positive count, found {settings.Threads}", field: "--threads");
        if (settings.Ef is not null && settings.NProbe is not null)
            throw new InvalidInputException("options --ef and --nprobe: give at most one (ef is HNSW's, nprobe IVF's)", field: "--nprobe");
        string option = settings.NProbe is null ? "--ef" : "--nprobe";
        var parameters = settings.Ef is int ef ? IndexSpecs.Parameters("ef", ef, settings.Threads, "--ef")
            : settings.NProbe is int nprobe ? IndexSpecs.Parameters("nprobe", nprobe, settings.Threads, "--nprobe")
            : new SearchParameters { Threads = settings.Threads };
        Parse.RequireFile(settings.Index, "INDEX");
        if (settings.Queries is not null) Parse.RequireFile(settings.Queries, "option --queries");

        VectorIndexFileHeader header = VectorIndexFile.ReadHeader(settings.Index);
        IVectorIndex index = VectorIndexFile.Read(settings.Index);
        IndexSpecs.RequireApplicable(index, parameters, header.Kind, option);
        parameters = IndexSpecs.ForIndex(index, parameters);
        string[]? names = IndexIdsFile.Read(settings.Index, index.Count);
        var (labels, queries) = ReadQueries(settings, index, names);

        int n = labels.Count, k = settings.K;
        var ids = new long[n * k];
        var scores = new float[n * k];
        index.Search(queries, k, ids, scores, parameters);
        string Name(long id) => names is not null && id >= 0 && id < names.Length ? names[id] : id.ToString(CultureInfo.InvariantCulture);

        ScoreKind kind = index.Metric.ScoreKind();
        if (settings.Json)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("index", settings.Index);
                json.WriteString("spec", header.Kind);
                json.WriteString("metric", index.Metric.Name());
                json.WriteString("score", kind == ScoreKind.Distance ? "distance" : "similarity");
                json.WriteNumber("k", k);
                json.WriteStartArray("queries");
                for (int q = 0; q < n; q++)
                {
                    json.WriteStartObject();
                    json.WriteString("query", labels[q]);
                    json.WriteStartArray("results");
                    for (int r = 0; r < k && ids[q * k + r] != -1; r++)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", Name(ids[q * k + r]));
                        json.WriteNumber("score", scores[q * k + r]);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            return EmbedkitApp.Success;
        }
        string scoreName = kind == ScoreKind.Distance ? $"{index.Metric.Name()} distance (lower is better)" : $"{index.Metric.Name()} similarity (higher is better)";
        for (int q = 0; q < n; q++)
        {
            var table = new Table().Title($"query {Markup.Escape(labels[q])}").AddColumn("rank").AddColumn("id").AddColumn(Markup.Escape(scoreName));
            for (int r = 0; r < k && ids[q * k + r] != -1; r++)
                table.AddRow((r + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(Name(ids[q * k + r])),
                    scores[q * k + r].ToString("G6", CultureInfo.InvariantCulture));
            Ui.Out.Write(table);
            Ui.Out.WriteLine();
        }
        return EmbedkitApp.Success;
    }

    private static (List<string> Labels, float[] Queries) ReadQueries(Settings settings, IVectorIndex index, string[]? names)
    {
        int d = index.Dimension;
        if (settings.Text is not null)
        {
            var provenance = IndexTextModelFile.Read(settings.Index);
            using var encoder = TextModels.FromProvenance(provenance, IndexTextModelFile.PathOf(settings.Index));
            if (encoder.Dimension != d)
                throw new InvalidInputException($"--text: the model {encoder.Model.Identity} writes {encoder.Dimension} values; the index has {d}", settings.Index, field: "--text");
            var query = new float[d];
            encoder.Encode([settings.Text], Embedkit.Text.TextRole.Query, query);
            return ([settings.Text], query);
        }
        if (settings.Vector is not null)
        {
            double[] values = Parse.DoubleList(settings.Vector, "option --vector", "0.1,0.2,0.3");
            if (values.Length != d)
                throw new InvalidInputException($"option --vector: expected {d} numbers (the index's dimension), found {values.Length}", field: "--vector");
            return (["vector"], Array.ConvertAll(values, v => (float)v));
        }
        if (settings.Id is not null)
        {
            long row = names is null
                ? (long.TryParse(settings.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) ? number : -1)
                : Array.IndexOf(names, settings.Id);
            var vector = new float[d];
            var lookup = index.GetService(typeof(IVectorLookup)) as IVectorLookup
                ?? throw new InvalidInputException("option --id: this index does not keep its vectors; search with --queries or --vector", field: "--id");
            if (row < 0 || !lookup.TryGetVector(row, vector))
                throw new InvalidInputException($"option --id: no vector with id '{settings.Id}' in the index", settings.Index, field: "--id");
            return ([settings.Id], vector);
        }
        string path = settings.Queries!;
        bool embeddingFormat = EmbeddingFormats.Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (embeddingFormat)
        {
            EmbeddingSet set = EmbeddingInput.Read(path);
            RequireDimension(set.Dimension, d, path);
            return ([.. set.Ids], set.Array);
        }
        VectorMatrix matrix = VectorFile.Read(path);
        RequireDimension(matrix.Dimension, d, path);
        return ([.. Enumerable.Range(0, matrix.Rows).Select(i => i.ToString(CultureInfo.InvariantCulture))], matrix.Data);
    }

    private static void RequireDimension(int found, int expected, string path)
    {
        if (found != expected)
            throw new InvalidInputException($"queries have dimension {found}; the index has {expected}", path, field: "dimension");
    }
}
