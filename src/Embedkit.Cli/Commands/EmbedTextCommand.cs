using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Embedkit.Cli.Infrastructure;
using Embedkit.IO;
using Embedkit.Onnx;
using Embedkit.Text;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit embed text CORPUS -o OUT [--model minilm|arctic-xs|PATH] [--pooling mean|cls|last|max] [--field text] [--batch-tokens N]</c></summary>
public sealed class EmbedTextCommand : Command<EmbedTextCommand.Settings>
{
    /// <summary>Settings of <c>embed text</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Input corpus.</summary>
        [CommandArgument(0, "<CORPUS>")]
        [Description("Documents: JSONL (.jsonl, BEIR corpus: _id, title, text; the document is title + \" \" + text) or plain text, one document per line (ids are line numbers). UTF-8, .gz allowed.")]
        public string Corpus { get; init; } = "";

        /// <summary>Output path.</summary>
        [CommandOption("-o|--output <OUT>")]
        [Description("Output embeddings file; format by extension (.ekv streams with bounded memory; .npy, .bin, .txt/.vec, .tsv hold all rows in memory).")]
        public string Output { get; init; } = "";

        /// <summary>Model.</summary>
        [CommandOption("--model <MODEL>")]
        [Description("minilm (all-MiniLM-L6-v2, bundled), arctic-xs (snowflake-arctic-embed-xs, bundled) or a folder with model.onnx, vocab.txt and optionally embedkit-model.json.")]
        [DefaultValue("minilm")]
        public string Model { get; init; } = "minilm";

        /// <summary>Pooling.</summary>
        [CommandOption("--pooling <POOLING>")]
        [Description("mean, cls, last or max instead of the model's own (minilm: mean, arctic-xs: cls).")]
        public string? Pooling { get; init; }

        /// <summary>Normalisation.</summary>
        [CommandOption("--normalize <BOOL>")]
        [Description("true or false: scale vectors to unit length, instead of the model's own choice (bundled models: true).")]
        public string? Normalize { get; init; }

        /// <summary>JSONL text field.</summary>
        [CommandOption("--field <FIELD>")]
        [Description("JSONL field holding the text; with 'text', a non-empty 'title' is put before it.")]
        [DefaultValue("text")]
        public string Field { get; init; } = "text";

        /// <summary>Token budget.</summary>
        [CommandOption("--batch-tokens <N>")]
        [Description("Tokens per model call (rows × padded length); memory grows with it (1024–2048 were fastest on 2 cores, docs/benchmarks.md).")]
        [DefaultValue(2048)]
        public int BatchTokens { get; init; } = 2048;

        /// <summary>Chunking.</summary>
        [CommandOption("--chunk-overlap <N>")]
        [Description("Encode documents longer than the model's window in windows overlapping by N tokens, averaged, instead of truncating them.")]
        public int? ChunkOverlap { get; init; }

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime threads; 0 = its default (the physical cores).")]
        [DefaultValue(0)]
        public int Threads { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Output))
            throw new InvalidInputException("option -o/--output: expected an output file path", field: "--output");
        if (string.IsNullOrWhiteSpace(settings.Field))
            throw new InvalidInputException("option --field: expected a JSONL field name", field: "--field");
        bool? normalize = settings.Normalize?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            var other => throw new InvalidInputException($"option --normalize: expected true or false, found '{other}'", field: "--normalize"),
        };
        Parse.RequireFile(settings.Corpus, "CORPUS");
        Parse.RequireOutputFolder(settings.Output, "option -o/--output");
        Parse.RequireDistinct(settings.Corpus, settings.Output, "CORPUS");
        var format = EmbeddingFormats.Detect(settings.Output);

        var clock = Stopwatch.StartNew();
        long lines = TextCorpus.CountLines(settings.Corpus);
        var options = new TextEncoderOptions
        {
            BatchTokens = settings.BatchTokens, ChunkOverlap = settings.ChunkOverlap, Threads = settings.Threads, Normalize = normalize,
        };
        using var encoder = TextModels.Open(settings.Model, settings.Pooling, options);
        Ui.Info($"model {encoder.Model.Config.Name} ({encoder.Model.Identity}): d={encoder.Dimension}, {Text.Pooling.Name(encoder.Pooling)} pooling, " +
            $"{encoder.MaxTokens} tokens, normalize={(encoder.Normalize ? "true" : "false")}; loaded in {clock.Elapsed.TotalSeconds:F2} s");

        var documents = TextCorpus.Read(settings.Corpus, settings.Field, cancellationToken);
        var encode = Stopwatch.StartNew();
        (long Documents, long Truncated) result;
        if (format == EmbeddingFormat.Ekv)
        {
            using var writer = new EmbeddingFileWriter(settings.Output, encoder.Dimension);
            var ids = new List<string>(TextCorpusEncoder.DefaultBlockSize);
            result = ProgressRunner.Run("embed text", progress => TextCorpusEncoder.Encode(encoder, documents, (block, rows) =>
            {
                ids.Clear();
                foreach (var document in block) ids.Add(document.Id);
                writer.Append(ids, rows);
            }, TextCorpusEncoder.DefaultBlockSize, progress, lines, cancellationToken));
            writer.Complete(Provenance(encoder, settings, result));
        }
        else
        {
            var ids = new List<string>();
            var data = new List<float>();
            result = ProgressRunner.Run("embed text", progress => TextCorpusEncoder.Encode(encoder, documents, (block, rows) =>
            {
                foreach (var document in block) ids.Add(document.Id);
                data.AddRange(rows);
            }, TextCorpusEncoder.DefaultBlockSize, progress, lines, cancellationToken));
            EmbeddingFormats.Write(settings.Output, new EmbeddingSet(ids, encoder.Dimension, data.ToArray(), Provenance(encoder, settings, result)));
        }
        double seconds = encode.Elapsed.TotalSeconds;
        Ui.Info($"encoded {result.Documents:N0} documents in {seconds:F2} s ({result.Documents / Math.Max(seconds, 1e-9):N1}/s)");
        if (result.Truncated > 0)
            Ui.Warn($"{result.Truncated:N0} of {result.Documents:N0} documents were longer than the model's {encoder.MaxTokens}-token window and were truncated " +
                "(their ends are not in the vectors); --chunk-overlap N encodes them whole in overlapping windows");
        Ui.Info($"wrote {settings.Output}: {result.Documents:N0} × {encoder.Dimension} ({clock.Elapsed.TotalSeconds:F2} s in all)");
        return EmbedkitApp.Success;
    }

    private static Provenance Provenance(OnnxTextEncoder encoder, Settings settings, (long Documents, long Truncated) result)
    {
        var parameters = new List<KeyValuePair<string, string>>(TextModels.Describe(encoder))
        {
            new("field", settings.Field),
            new("batch_tokens", settings.BatchTokens.ToString(CultureInfo.InvariantCulture)),
            new("documents", result.Documents.ToString(CultureInfo.InvariantCulture)),
            new("truncated", result.Truncated.ToString(CultureInfo.InvariantCulture)),
        };
        return new Provenance(TextModels.ProvenanceMethod, parameters, null, settings.Corpus);
    }
}
