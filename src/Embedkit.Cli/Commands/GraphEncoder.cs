using System.Diagnostics;
using Embedkit.Cli.Infrastructure;
using Embedkit.Graphs;
using Embedkit.SkipGram;

namespace Embedkit.Cli.Commands;

/// <summary>
/// A graph encoder chosen by name with validated options: the one place where <c>--method</c> names
/// meet the library's encoders (used by <c>embed graph</c> and by link prediction's <c>--method</c>).
/// </summary>
internal sealed class GraphEncoder
{
    private readonly string _method;
    private readonly FastRPOptions? _fastRP;
    private readonly RandomWalkOptions? _walks;
    private readonly LineOptions? _line;

    private GraphEncoder(string method, FastRPOptions? fastRP, RandomWalkOptions? walks, LineOptions? line)
    {
        _method = method;
        _fastRP = fastRP;
        _walks = walks;
        _line = line;
    }

    /// <summary>The encoder <paramref name="method"/> with options from <paramref name="settings"/>, validated.</summary>
    public static GraphEncoder For(string method, EmbedGraphCommand.Settings settings)
    {
        switch (method)
        {
            case "fastrp":
                var fastRP = settings.ToFastRPOptions();
                fastRP.Validate();
                return new GraphEncoder(method, fastRP, null, null);
            case "deepwalk":
            case "node2vec":
                var walks = settings.ToRandomWalkOptions();
                walks.Validate();
                return new GraphEncoder(method, null, walks, null);
            case "line":
                var line = settings.ToLineOptions();
                line.Validate();
                return new GraphEncoder(method, null, null, line);
            default:
                throw new InvalidInputException($"option --method: expected one of {string.Join(", ", EmbedGraphCommand.Methods)}, found '{method}'", field: "--method");
        }
    }

    /// <summary>Embeds <paramref name="graph"/>, showing progress and printing the encoder's timing to stderr.</summary>
    public EmbeddingSet Embed(CsrGraph graph, string source, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (_fastRP is not null)
        {
            var set = ProgressRunner.Run("fastrp", progress => FastRP.Embed(graph, _fastRP, progress, cancellationToken, source));
            Ui.Info($"fastrp d={set.Dimension}: {clock.Elapsed.TotalSeconds:F2} s");
            return set;
        }
        SkipGramRun run = _walks is not null
            ? ProgressRunner.Run(_method, progress => RandomWalkEmbedding.Train(graph, _walks, progress, cancellationToken, source))
            : ProgressRunner.Run(_method, progress => Line.Train(graph, _line!, progress, cancellationToken, source));
        var s = run.Statistics;
        string walks = _walks is not null ? $"{s.Sentences:N0} walks ({s.SentencesPerSecond:N0}/s), " : "";
        Ui.Info($"{_method} d={run.Embeddings.Dimension}: {walks}{s.Tokens:N0} {(_walks is not null ? "tokens" : "edge samples")} " +
            $"({s.TokensPerSecond:N0}/s), {s.Pairs:N0} pairs, {s.Threads} threads, {s.Seconds:F2} s");
        return run.Embeddings;
    }
}
