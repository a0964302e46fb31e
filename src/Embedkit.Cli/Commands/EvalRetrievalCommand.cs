using System.ComponentModel;
using System.Diagnostics;
using Embedkit.Cli.Infrastructure;
using Embedkit.Cli.Reporting;
using Embedkit.Evaluation;
using Embedkit.Lexical;
using Embedkit.Onnx;
using Embedkit.Retrieval;
using Embedkit.Text;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary>
/// <c>embedkit eval retrieval --beir DIR [--method bm25|dense|hybrid] ...</c>: retrieves the top documents of every
/// judged query of a BEIR dataset and reports nDCG@10, Recall@100, MRR@10 and MAP@100 as trec_eval computes them.
/// </summary>
public sealed class EvalRetrievalCommand : Command<EvalRetrievalCommand.Settings>
{
    /// <summary>Settings of <c>eval retrieval</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>BEIR dataset folder.</summary>
        [CommandOption("--beir <DIR>")]
        [Description("BEIR dataset folder: corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv.")]
        public string? Beir { get; init; }

        /// <summary>Retrieval method.</summary>
        [CommandOption("--method <NAME>")]
        [Description("bm25 (lexical), dense (a text encoder, --model) or hybrid (both, fused with --fusion).")]
        [DefaultValue("bm25")]
        public string Method { get; init; } = "bm25";

        /// <summary>Text model of dense and hybrid retrieval.</summary>
        [CommandOption("--model <NAME>")]
        [Description("Text model of --method dense or hybrid.")]
        [DefaultValue("minilm")]
        public string Model { get; init; } = "minilm";

        /// <summary>Qrels split.</summary>
        [CommandOption("--split <NAME>")]
        [Description("Qrels split: reads qrels/NAME.tsv (test, dev, train).")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        /// <summary>Retrieval depth.</summary>
        [CommandOption("-k|--top <N>")]
        [Description("Documents retrieved per query (at least 100, so that Recall@100 and MAP@100 see a full list; Anserini uses 1000).")]
        [DefaultValue(100)]
        public int Top { get; init; } = 100;

        /// <summary>BM25 k1.</summary>
        [CommandOption("--k1 <K1>")]
        [Description("BM25 term-frequency saturation (Anserini's BEIR value 0.9).")]
        [DefaultValue(0.9)]
        public double K1 { get; init; } = 0.9;

        /// <summary>BM25 b.</summary>
        [CommandOption("-b <B>")]
        [Description("BM25 length normalisation, between 0 and 1 (Anserini's BEIR value 0.4).")]
        [DefaultValue(0.4)]
        public double B { get; init; } = 0.4;

        /// <summary>Document length of BM25.</summary>
        [CommandOption("--length-norm <NAME>")]
        [Description("Document length BM25 uses: lucene (Lucene's one-byte norm, as Anserini) or exact.")]
        [DefaultValue("lucene")]
        public string LengthNorm { get; init; } = "lucene";

        /// <summary>Fusion of hybrid retrieval.</summary>
        [CommandOption("--fusion <NAME>")]
        [Description("With --method hybrid: rrf (reciprocal-rank fusion) or score (min-max normalised score fusion).")]
        [DefaultValue("rrf")]
        public string Fusion { get; init; } = "rrf";

        /// <summary>RRF constant.</summary>
        [CommandOption("--rrf-k <K>")]
        [Description("With --fusion rrf: the constant k of 1/(k + rank) (60, as in the RRF paper).")]
        [DefaultValue(HybridFusion.DefaultRrfK)]
        public int RrfK { get; init; } = HybridFusion.DefaultRrfK;

        /// <summary>Weight of dense scores in score fusion.</summary>
        [CommandOption("--fusion-weight <W>")]
        [Description("With --fusion score: weight of the dense scores, between 0 and 1; BM25 gets 1 - W.")]
        [DefaultValue(0.5)]
        public double FusionWeight { get; init; } = 0.5;

        /// <summary>Run file.</summary>
        [CommandOption("--run <FILE>")]
        [Description("Also write the run in TREC format (qid Q0 docid rank score tag), for trec_eval.")]
        public string? Run { get; init; }

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores. Results do not depend on it.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of a table.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Every option is checked before any file is read.
        if (string.IsNullOrWhiteSpace(settings.Beir))
            throw new InvalidInputException("option --beir: expected a BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/)", field: "--beir");
        string method = RetrievalOutput.Choose(settings.Method, "--method", "bm25", "dense", "hybrid");
        string fusion = RetrievalOutput.Choose(settings.Fusion, "--fusion", "rrf", "score");
        var lengthNorm = RetrievalOutput.Choose(settings.LengthNorm, "--length-norm", "lucene", "exact") == "exact" ? Bm25LengthNorm.Exact : Bm25LengthNorm.Lucene;
        var bm25 = new Bm25Options { K1 = settings.K1, B = settings.B, LengthNorm = lengthNorm, Threads = settings.Threads };
        bm25.Validate();
        if (settings.Top < 100)
            throw new InvalidInputException($"option -k|--top: expected at least 100 (Recall@100 and MAP@100 need 100 documents per query), found {settings.Top}", field: "--top");
        if (settings.RrfK < 0) throw new InvalidInputException($"option --rrf-k: expected an integer ≥ 0, found {settings.RrfK}", field: "--rrf-k");
        if (settings.FusionWeight is not (>= 0 and <= 1))
            throw new InvalidInputException($"option --fusion-weight: expected a number in [0, 1], found {settings.FusionWeight}", field: "--fusion-weight");
        if (settings.Run is not null)
        {
            Parse.RequireOutputFolder(settings.Run, "option --run");
            RequireNotAnInput(settings.Run, settings.Beir);
        }
        using OnnxTextEncoder? encoder = method == "bm25" ? null : TextModels.Open(settings.Model);

        var clock = Stopwatch.StartNew();
        var data = BeirDataset.Load(settings.Beir, settings.Split, cancellationToken);
        Ui.Info($"read {data.Name}: {data.Corpus.Count:N0} documents, {data.Queries.Count:N0} judged queries of split '{data.Split}' ({clock.Elapsed.TotalSeconds:F2} s)");
        if (data.QueriesWithoutQrels > 0) Ui.Info($"{data.QueriesWithoutQrels:N0} queries of {BeirDataset.QueriesFileName} have no qrels in split '{data.Split}' and are not evaluated");
        if (data.UnknownQueries.Count > 0)
            Ui.Warn($"the qrels judge {data.UnknownQueries.Count:N0} queries that {BeirDataset.QueriesFileName} lacks (e.g. '{data.UnknownQueries[0]}'); they are not evaluated");
        if (data.UnknownDocumentJudgments > 0)
            Ui.Warn($"{data.UnknownDocumentJudgments:N0} judgments name documents that {BeirDataset.CorpusFileName} lacks; they count as relevant documents that cannot be retrieved");

        string[] ids = data.Corpus.Select(d => d.Id).ToArray();
        string[] contents = data.Corpus.Select(d => d.Contents).ToArray();
        string[] queries = data.Queries.Select(q => q.Text).ToArray();
        clock.Restart();
        ScoredId[][]? lexical = null, dense = null;
        if (method != "dense")
        {
            var index = ProgressRunner.Run("indexing (BM25)", _ => Bm25Index.Build(ids, contents, bm25, cancellationToken: cancellationToken));
            lexical = index.Search(queries, settings.Top, cancellationToken);
            Ui.Info($"BM25: {index.TermCount:N0} terms, mean length {index.AverageLength:F1} tokens; indexed and searched in {clock.Elapsed.TotalSeconds:F2} s");
        }
        if (encoder is not null)
        {
            clock.Restart();
            var retriever = ProgressRunner.Run("encoding the corpus", progress => DenseRetriever.Build(encoder, ids, contents, progress: progress, cancellationToken: cancellationToken));
            dense = retriever.Search(queries, settings.Top, cancellationToken);
            Ui.Info($"dense ({settings.Model}): encoded and searched in {clock.Elapsed.TotalSeconds:F2} s");
        }
        var run = new Dictionary<string, IReadOnlyList<ScoredId>>(StringComparer.Ordinal);
        for (int q = 0; q < queries.Length; q++)
        {
            run[data.Queries[q].Id] = method switch
            {
                "bm25" => lexical![q],
                "dense" => dense![q],
                _ => fusion == "rrf"
                    ? HybridFusion.ReciprocalRank([lexical![q], dense![q]], settings.Top, settings.RrfK)
                    : HybridFusion.NormalizedScore(dense![q], lexical![q], settings.Top, settings.FusionWeight),
            };
        }
        if (settings.Run is not null) AtomicText.Write(settings.Run, RetrievalOutput.TrecRun(data, run, method));

        var report = RetrievalEvaluator.Evaluate(data.Qrels, run);
        if (report.QueriesWithoutRelevant > 0) Ui.Info($"{report.QueriesWithoutRelevant:N0} judged queries have no relevant document and are skipped");
        if (report.QueriesWithoutResults > 0) Ui.Warn($"{report.QueriesWithoutResults:N0} queries retrieved nothing (no query term is in the corpus); they score 0");
        var described = new RetrievalOutput.Described(data, method, settings.Top, bm25, method == "bm25" ? null : settings.Model,
            method == "hybrid" ? fusion : null, settings.RrfK, settings.FusionWeight);
        if (settings.Json) Console.Out.WriteLine(RetrievalOutput.ToJson(report, described));
        else RetrievalOutput.WriteTable(report, described);
        return EmbedkitApp.Success;
    }

    /// <summary>Refuses a <c>--run</c> path that is one of the dataset's own files: writing it would destroy the input.</summary>
    private static void RequireNotAnInput(string run, string beir)
    {
        string qrels = Path.Combine(beir, "qrels");
        IEnumerable<string> inputs = [Path.Combine(beir, BeirDataset.CorpusFileName), Path.Combine(beir, BeirDataset.QueriesFileName)];
        if (Directory.Exists(qrels)) inputs = inputs.Concat(Directory.EnumerateFiles(qrels));
        foreach (string input in inputs) Parse.RequireDistinct(input, run, $"file {Path.GetFileName(input)} of the dataset {beir}", "--run");
    }
}
