using Embedkit.Cli.Commands;
using Embedkit.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Embedkit.Cli;

/// <summary>
/// The <c>embedkit</c> command line: one command per file under Commands/, one error handler here.
/// Exit codes: 0 success, 1 bad input (message names the file, line or option), 2 internal error.
/// </summary>
public static class EmbedkitApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input or usage.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for an internal error (a bug).</summary>
    public const int InternalError = 2;

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("embedkit");
            config.PropagateExceptions();
            config.UseStrictParsing(); // a misspelt option is an error, never silently ignored
            config.ConfigureConsole(Ui.Out); // help goes to stdout (pipe it to less); errors are ours, on stderr
            config.AddExample("quickstart");
            config.AddExample("embed", "graph", "data/blogcatalog/edges.tsv.gz", "-o", "blog.ekv", "--dim", "512");
            config.AddExample("eval", "node-classification", "blog.ekv", "data/blogcatalog/labels.tsv", "--c", "0.1");

            config.AddCommand<QuickstartCommand>("quickstart")
                .WithDescription("Embed the bundled BlogCatalog graph with FastRP, evaluate it, and write embeddings, a report and a chart.")
                .WithExample("quickstart", "--out", "quickstart-out");
            config.AddBranch("embed", embed =>
            {
                embed.SetDescription("Learn embeddings.");
                embed.AddCommand<EmbedGraphCommand>("graph")
                    .WithDescription("Embed the nodes of a graph given as an edge list.")
                    .WithExample("embed", "graph", "edges.tsv", "-o", "nodes.ekv", "--method", "fastrp", "--dim", "128", "--iteration-weights", "0,0,1,6.67", "--beta", "-0.64")
                    .WithExample("embed", "graph", "edges.tsv", "-o", "nodes.ekv", "--method", "deepwalk", "--walks", "80", "--walk-length", "40", "--window", "10")
                    .WithExample("embed", "graph", "edges.tsv", "-o", "nodes.ekv", "--method", "node2vec", "--p", "0.25", "--q", "0.25")
                    .WithExample("embed", "graph", "edges.tsv", "-o", "nodes.ekv", "--method", "line", "--order", "2");
                embed.AddCommand<EmbedWordsCommand>("words")
                    .WithDescription("Train word2vec (skip-gram, negative sampling) on a tokenised text, one sentence per line.")
                    .WithExample("embed", "words", "corpus.txt", "-o", "words.ekv", "--dim", "100", "--window", "5", "--min-count", "5");
                embed.AddCommand<EmbedTextCommand>("text")
                    .WithDescription("Embed documents with a local transformer (all-MiniLM-L6-v2 or snowflake-arctic-embed-xs bundled, or your ONNX model): JSONL (BEIR corpus) or one document per line.")
                    .WithExample("embed", "text", "corpus.jsonl", "-o", "corpus.ekv", "--model", "minilm")
                    .WithExample("embed", "text", "docs.txt", "-o", "docs.ekv", "--model", "arctic-xs", "--chunk-overlap", "64")
                    .WithExample("embed", "text", "corpus.jsonl", "-o", "corpus.npy", "--model", "./my-model", "--pooling", "mean", "--batch-tokens", "4096");
            });
            config.AddBranch("eval", eval =>
            {
                eval.SetDescription("Evaluate embeddings with the field's standard protocols.");
                eval.AddCommand<EvalNodeClassificationCommand>("node-classification")
                    .WithDescription("Multi-label node classification (DeepWalk/FastRP protocol): one-vs-rest logistic regression, top-k prediction, Micro/Macro-F1.")
                    .WithExample("eval", "node-classification", "nodes.ekv", "labels.tsv", "--ratios", "0.1,0.5,0.9", "--repeats", "5", "--c", "1.0", "--json");
                eval.AddCommand<EvalLinkPredictionCommand>("link-prediction")
                    .WithDescription("Link prediction (node2vec protocol): hold out edges, score them against non-edges with dot, cosine and Hadamard logistic regression, and with neighbourhood baselines; ROC-AUC and AP.")
                    .WithExample("eval", "link-prediction", "edges.tsv", "--method", "fastrp", "--holdout", "0.5", "--seed", "42", "--json")
                    .WithExample("eval", "link-prediction", "edges.tsv", "--write-split", "split")
                    .WithExample("eval", "link-prediction", "--split", "split", "--embeddings", "residual.ekv", "--scorer", "cosine");
                eval.AddCommand<EvalRetrievalCommand>("retrieval")
                    .WithDescription("Retrieval on a BEIR dataset (BM25, dense or hybrid): nDCG@10, Recall@100, MRR@10 and MAP@100 as trec_eval computes them.")
                    .WithExample("eval", "retrieval", "--beir", "scifact", "--method", "bm25", "--json")
                    .WithExample("eval", "retrieval", "--beir", "scifact", "--split", "test", "-k", "1000", "--k1", "0.9", "--b", "0.4", "--run", "bm25.run");
                eval.AddCommand<EvalStsCommand>("sts")
                    .WithDescription("Semantic textual similarity (STS-B): Spearman correlation of the cosine similarity of sentence pairs with their gold scores.")
                    .WithExample("eval", "sts", "stsbenchmark", "--model", "minilm", "--json");
            });
            config.AddBranch("index", index =>
            {
                index.SetDescription("Build vector indexes.");
                index.AddCommand<IndexBuildCommand>("build")
                    .WithDescription("Build a search index over an embeddings file and save it (.eki, with the ids beside it).")
                    .WithExample("index", "build", "nodes.ekv", "-o", "nodes.eki", "--spec", "Flat", "--metric", "cosine")
                    .WithExample("index", "build", "nodes.ekv", "-o", "nodes-hnsw.eki", "--spec", "HNSW32,SQ8,Refine(Flat)", "--metric", "cosine")
                    .WithExample("index", "build", "nodes.ekv", "-o", "nodes-ivf.eki", "--spec", "IVF256,PQ16", "--metric", "cosine");
            });
            config.AddCommand<SearchCommand>("search")
                .WithDescription("Search an index with query vectors, a stored id, one vector, or a text query (indexes built from 'embed text').")
                .WithExample("search", "nodes.eki", "--id", "42", "-k", "10")
                .WithExample("search", "nodes.eki", "--queries", "queries.ekv", "-k", "5", "--json")
                .WithExample("search", "corpus.eki", "--text", "what causes rain", "-k", "5")
                .WithExample("search", "nodes-ivf.eki", "--id", "42", "-k", "10", "--nprobe", "16");
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Measure indexes.");
                bench.AddCommand<BenchAnnCommand>("ann")
                    .WithDescription("Build an index, sweep search settings, and report build time, bytes per vector, recall@k (ann-benchmarks definition) and QPS.")
                    .WithExample("bench", "ann", "--base", "train-images-idx3-ubyte.gz", "--queries", "t10k-images-idx3-ubyte.gz", "--spec", "Flat", "-k", "10", "--json")
                    .WithExample("bench", "ann", "--base", "train-images-idx3-ubyte.gz", "--queries", "t10k-images-idx3-ubyte.gz", "--spec", "HNSW32,SQ8", "--search-params", "ef=16,32,64,128")
                    .WithExample("bench", "ann", "--base", "train-images-idx3-ubyte.gz", "--queries", "t10k-images-idx3-ubyte.gz", "--spec", "IVF1024,Flat", "--search-params", "nprobe=1,4,16,64", "--repeats", "3");
            });
            config.AddCommand<WalksCommand>("walks")
                .WithDescription("Write the random walks DeepWalk/node2vec train on, one per line, for other tools (gensim).")
                .WithExample("walks", "edges.tsv", "-o", "walks.txt", "--walks", "80", "--walk-length", "40");
            config.AddCommand<InfoCommand>("info")
                .WithDescription("Print the header of an embeddings file: count, dimension, provenance.")
                .WithExample("info", "nodes.ekv", "--json");
            config.AddCommand<ConvertCommand>("convert")
                .WithDescription("Convert an embeddings file; formats are chosen by extension (.ekv, .npy, .bin, .txt/.vec, .tsv).")
                .WithExample("convert", "nodes.ekv", "nodes.npy");
        });

        // Ctrl-C and SIGTERM cancel long work cleanly (temporary files are removed, nothing half-written).
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            RequireValueForLastOption(args);
            return app.Run(Normalize(args), cancel.Token);
        }
        catch (InvalidInputException e)
        {
            return Fail(e.Message, BadInput);
        }
        catch (CommandAppException e) when (e is CommandParseException or CommandRuntimeException)
        {
            return Fail(ExplainConversion(e.Message, args) ?? e.Message, BadInput);
        }
        catch (OutOfMemoryException)
        {
            return Fail("out of memory: the input or the options (--dim, --repeats) ask for more memory than this machine has", BadInput);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", BadInput);
        }
        catch (Exception e)
        {
            return Fail($"internal error: {e.GetType().Name}: {e.Message}\n{e.StackTrace}", InternalError);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Every option name that takes a value (e.g. <c>--dim</c>), read from the settings classes.</summary>
    private static readonly HashSet<string> ValueOptions = typeof(EmbedkitApp).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(CommandSettings)))
        .SelectMany(t => t.GetProperties())
        .Select(p => p.GetCustomAttributes(typeof(CommandOptionAttribute), true).OfType<CommandOptionAttribute>().FirstOrDefault())
        .Where(a => a is { ValueName: not null })
        .SelectMany(a => a!.LongNames.Select(n => "--" + n).Concat(a.ShortNames.Select(n => "-" + n)))
        .Concat(OneLetterOptions.Select(c => "--" + c))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Spectre gives an option that ends the command line an internal placeholder as its value; refuse it
    /// with a message that names the option instead.
    /// </summary>
    private static void RequireValueForLastOption(string[] args)
    {
        if (args.Length > 0 && ValueOptions.Contains(args[^1]))
            throw new InvalidInputException($"option {args[^1]}: expected a value after it, found the end of the command line", field: args[^1]);
        // Spectre turns an empty value of a nullable option into "not given", which would silently mean the default.
        for (int i = 0; i + 1 < args.Length; i++)
            if (ValueOptions.Contains(args[i]) && string.IsNullOrWhiteSpace(args[i + 1]))
                throw new InvalidInputException($"option {args[i]}: expected a value after it, found an empty string", field: args[i]);
    }

    /// <summary>The value type of every option (nullable types unwrapped), for conversion messages.</summary>
    private static readonly Dictionary<string, Type> OptionTypes = BuildOptionTypes();

    private static Dictionary<string, Type> BuildOptionTypes()
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var property in typeof(EmbedkitApp).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CommandSettings))).SelectMany(t => t.GetProperties()))
        {
            if (property.GetCustomAttributes(typeof(CommandOptionAttribute), true).OfType<CommandOptionAttribute>().FirstOrDefault() is not { } option) continue;
            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            foreach (string name in option.LongNames.Select(n => "--" + n).Concat(option.ShortNames.Select(n => "-" + n)))
                types.TryAdd(name, type);
        }
        return types;
    }

    /// <summary>
    /// Spectre.Console.Cli refuses one-letter long options, but users (and the issue tracker's examples)
    /// write <c>--c 0.1</c> as in scikit-learn, <c>--p 0.25 --q 4</c> as in node2vec and <c>--b 0.4</c> as in BM25:
    /// map them to the short options <c>-c</c>, <c>-p</c>, <c>-q</c> and <c>-b</c>.
    /// </summary>
    internal static string[] Normalize(string[] args) => Array.ConvertAll(args, a =>
    {
        foreach (char c in OneLetterOptions)
        {
            string option = "--" + c;
            if (a == option) return "-" + c;
            if (a.StartsWith(option + "=", StringComparison.Ordinal)) return "-" + c + a[option.Length..];
        }
        return a;
    });

    private const string OneLetterOptions = "cpqb";

    /// <summary>
    /// Spectre reports a bad value as "Failed to convert 'abc' to Int32." without the option: find the
    /// option that was given that value and say what it expects.
    /// </summary>
    internal static string? ExplainConversion(string message, string[] args)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"^Failed to convert '(?<value>.*)' to (?<type>[\w`]+)\.(?: Valid values are (?<valid>.*))?$");
        if (!match.Success) return null;
        string value = match.Groups["value"].Value;
        string? option = null;
        for (int i = 1; i < args.Length; i++)
            if (args[i] == value && args[i - 1].StartsWith('-')) option = args[i - 1];
        string type = match.Groups["type"].Value;
        if (type.StartsWith("Nullable", StringComparison.Ordinal) && option is not null && OptionTypes.TryGetValue(option, out Type? underlying))
            type = underlying.Name;
        string expected = type switch
        {
            "Int32" or "Int64" => "an integer",
            "UInt64" => "a non-negative integer",
            "Double" or "Single" => "a finite number",
            _ when match.Groups["valid"].Success => "one of " + match.Groups["valid"].Value.ToLowerInvariant(),
            var other => "a value of type " + other,
        };
        return option is null ? $"expected {expected}, found '{value}'" : $"option {option}: expected {expected}, found '{value}'";
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}
