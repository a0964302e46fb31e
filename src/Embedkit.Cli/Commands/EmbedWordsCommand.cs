using System.ComponentModel;
using System.Diagnostics;
using Embedkit.Cli.Infrastructure;
using Embedkit.IO;
using Embedkit.SkipGram;
using Embedkit.Text;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit embed words TEXT -o OUT [--dim 100] [--window 5] [--min-count 5]</c></summary>
public sealed class EmbedWordsCommand : Command<EmbedWordsCommand.Settings>
{
    /// <summary>Settings of <c>embed words</c>; defaults are word2vec's and gensim's.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Input text.</summary>
        [CommandArgument(0, "<TEXT>")]
        [Description("Tokenised text: one sentence per line, tokens separated by spaces or tabs; UTF-8, .gz allowed. A walk file from 'embedkit walks' works as is.")]
        public string Text { get; init; } = "";

        /// <summary>Output path.</summary>
        [CommandOption("-o|--output <OUT>")]
        [Description("Output embeddings file; format by extension (.ekv, .npy, .bin, .txt/.vec, .tsv).")]
        public string Output { get; init; } = "";

        /// <summary>Dimension.</summary>
        [CommandOption("--dim <D>")]
        [Description("Embedding dimension.")]
        [DefaultValue(100)]
        public int Dimension { get; init; } = 100;

        /// <summary>Window.</summary>
        [CommandOption("--window <W>")]
        [Description("Maximum distance to a context word; each token draws its own window from 1..W.")]
        [DefaultValue(5)]
        public int Window { get; init; } = 5;

        /// <summary>Minimum count.</summary>
        [CommandOption("--min-count <N>")]
        [Description("Drop words seen fewer than N times.")]
        [DefaultValue(5)]
        public int MinCount { get; init; } = 5;

        /// <summary>Negatives.</summary>
        [CommandOption("--negatives <K>")]
        [Description("Negative samples per positive pair.")]
        [DefaultValue(5)]
        public int Negatives { get; init; } = 5;

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <E>")]
        [Description("Passes over the text.")]
        [DefaultValue(5)]
        public int Epochs { get; init; } = 5;

        /// <summary>Sub-sampling.</summary>
        [CommandOption("--sample <T>")]
        [Description("Sub-sampling threshold of frequent words (word2vec's -sample); 0 turns it off.")]
        [DefaultValue(1e-3)]
        public double Subsample { get; init; } = 1e-3;

        /// <summary>Learning rate.</summary>
        [CommandOption("--learning-rate <A>")]
        [Description("Initial learning rate, decaying linearly to 0.0001.")]
        [DefaultValue(0.025)]
        public double LearningRate { get; init; } = 0.025;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed of every random choice.")]
        [DefaultValue(42UL)]
        public ulong Seed { get; init; } = 42;

        /// <summary>Threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Worker threads; 0 = all cores. The output is the same for a given count.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>The skip-gram options these settings describe.</summary>
        public SkipGramOptions ToSkipGramOptions() => Word2Vec.TextDefaults with
        {
            Dimension = Dimension,
            Window = Window,
            Negatives = Negatives,
            Epochs = Epochs,
            Subsample = Subsample,
            LearningRate = LearningRate,
            Seed = Seed,
            Threads = Threads,
        };
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Output))
            throw new InvalidInputException("option -o/--output: expected an output file path", field: "--output");
        var options = settings.ToSkipGramOptions();
        options.Validate();
        if (settings.MinCount < 1)
            throw new InvalidInputException($"option --min-count: expected a positive integer, found {settings.MinCount}", field: "--min-count");
        Parse.RequireFile(settings.Text, "TEXT");
        Parse.RequireOutputFolder(settings.Output, "option -o/--output");
        Parse.RequireDistinct(settings.Text, settings.Output, "TEXT");
        EmbeddingFormats.Detect(settings.Output);

        var clock = Stopwatch.StartNew();
        var corpus = WordCorpus.Read(settings.Text, settings.MinCount, cancellationToken);
        Ui.Info($"read {settings.Text}: {corpus.RawTokenCount:N0} tokens, {corpus.SentenceCount:N0} sentences, " +
            $"{corpus.Words.Count:N0} words seen at least {settings.MinCount} times ({corpus.TokenCount:N0} tokens kept) in {clock.Elapsed.TotalSeconds:F2} s");
        var run = ProgressRunner.Run("word2vec", progress => Word2Vec.Train(corpus, options, progress, cancellationToken, settings.Text));
        var s = run.Statistics;
        Ui.Info($"word2vec d={options.Dimension}: {s.Tokens:N0} tokens ({s.TokensPerSecond:N0}/s), {s.Pairs:N0} pairs, {s.Threads} threads, {s.Seconds:F2} s");
        EmbeddingFormats.Write(settings.Output, run.Embeddings);
        Ui.Info($"wrote {settings.Output}: {run.Embeddings.Count:N0} × {run.Embeddings.Dimension} ({clock.Elapsed.TotalSeconds:F2} s in all)");
        return EmbedkitApp.Success;
    }
}
