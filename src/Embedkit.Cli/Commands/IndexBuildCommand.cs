using System.ComponentModel;
using System.Diagnostics;
using Embedkit.Cli.Infrastructure;
using Embedkit.Search;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit index build EMBEDDINGS -o INDEX --spec SPEC [--metric l2|ip|cosine] [--threads N]</c></summary>
public sealed class IndexBuildCommand : Command<IndexBuildCommand.Settings>
{
    /// <summary>Settings of <c>index build</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Input embeddings.</summary>
        [CommandArgument(0, "<EMBEDDINGS>")]
        [Description("Embeddings file (.ekv, .npy, .bin, .txt/.vec, .tsv).")]
        public string Embeddings { get; init; } = "";

        /// <summary>Output index.</summary>
        [CommandOption("-o|--output <INDEX>")]
        [Description("Index file to write (.eki); the embeddings' ids go beside it in INDEX.eki.ids.txt, and for 'embed text' vectors their text model in INDEX.eki.text-model.json.")]
        public string Output { get; init; } = "";

        /// <summary>Factory string.</summary>
        [CommandOption("--spec <SPEC>")]
        [Description("Index factory string: Flat, F16, SQ8, PQ<m>, BIN1, BIN2, BIN4, HNSW<M> (efConstruction 200), HNSW<M>,<codec> (the codec trained on the embeddings), IVF<lists>,<storage> (e.g. IVF1024,PQ16; k-means trained on the embeddings themselves, which must number at least <lists>), each codec or IVF optionally with ,Refine(Flat), e.g. BIN2,Refine(Flat) or HNSW32,SQ8,Refine(Flat).")]
        [DefaultValue("Flat")]
        public string Spec { get; init; } = "Flat";

        /// <summary>Metric.</summary>
        [CommandOption("--metric <METRIC>")]
        [Description("l2 (squared Euclidean distance, lower is better), ip (inner product) or cosine (similarities, higher is better).")]
        [DefaultValue("l2")]
        public string Metric { get; init; } = "l2";

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads for building (HNSW graph, IVF k-means); 0 = all cores.")]
        [DefaultValue(0)]
        public int Threads { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Output))
            throw new InvalidInputException("option -o/--output: expected an index file path", field: "--output");
        Metric metric = ParseMetric(settings.Metric);
        if (settings.Threads < 0)
            throw new InvalidInputException($"option --threads: expected 0 (all cores) or a positive count, found {settings.Threads}", field: "--threads");
        Parse.RequireFile(settings.Embeddings, "EMBEDDINGS");
        Parse.RequireOutputFolder(settings.Output, "option -o/--output");
        Parse.RequireDistinct(settings.Embeddings, settings.Output, "EMBEDDINGS");
        Parse.RequireDistinct(settings.Embeddings, IndexIdsFile.PathOf(settings.Output), "EMBEDDINGS");
        IndexSpecs.Validate(settings.Spec); // refuse a bad spec before reading anything

        var clock = Stopwatch.StartNew();
        EmbeddingSet set = EmbeddingInput.Read(settings.Embeddings);
        Ui.Info($"read {settings.Embeddings}: {set.Count:N0} × {set.Dimension} in {clock.Elapsed.TotalSeconds:F2} s");
        IVectorIndex index = IndexSpecs.Create(settings.Spec, set.Dimension, metric, settings.Threads);
        var ids = new long[set.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = i;
        var build = Stopwatch.StartNew();
        index.Add(ids, set.Data);
        Ui.Info($"built {IndexFactory.SpecOf(index)} ({metric.Name()}) over {index.Count:N0} vectors in {build.Elapsed.TotalSeconds:F2} s");
        IndexIdsFile.Write(settings.Output, set.Ids);
        IndexTextModelFile.Write(settings.Output, set.Provenance);
        VectorIndexFile.Write(settings.Output, index);
        if (set.Provenance.Method == TextModels.ProvenanceMethod)
            Ui.Info($"text model {set.Provenance["model"]} recorded in {IndexTextModelFile.PathOf(settings.Output)} for search --text");
        Ui.Info($"wrote {settings.Output} and {IndexIdsFile.PathOf(settings.Output)} ({new FileInfo(settings.Output).Length:N0} bytes; {clock.Elapsed.TotalSeconds:F2} s in all)");
        return EmbedkitApp.Success;
    }

    /// <summary>The metric named by <c>--metric</c>.</summary>
    internal static Metric ParseMetric(string text) =>
        MetricExtensions.TryParse(text, out Metric metric) ? metric
            : throw new InvalidInputException($"option --metric: expected l2, ip or cosine, found '{text}'", field: "--metric");
}
