using Embedkit.Graphs;
using Embedkit.SkipGram;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The one place where <c>eval link-prediction --method NAME</c> turns the residual graph of a split into
/// embeddings. To support another encoder, add its name to <see cref="Methods"/> and a case to <see cref="Embed"/>;
/// the command, its help and its error message follow.
/// </summary>
internal static class ResidualEncoder
{
    /// <summary>Accepted <c>--method</c> names, lower case.</summary>
    public static readonly IReadOnlyList<string> Methods = ["fastrp", "deepwalk", "node2vec", "line"];

    /// <summary>The method name in lower case; throws naming the option and the accepted names when it is not one of <see cref="Methods"/>.</summary>
    public static string Require(string? method)
    {
        string name = (method ?? "").Trim().ToLowerInvariant();
        if (!Methods.Contains(name))
            throw new InvalidInputException($"option --method: expected one of {string.Join(", ", Methods)}, found '{method}'", field: "--method");
        return name;
    }

    /// <summary>
    /// Embeds <paramref name="residual"/> with <paramref name="method"/> at that method's default options (node2vec
    /// with return parameter <paramref name="p"/> and in-out parameter <paramref name="q"/>), seeded by
    /// <paramref name="seed"/>, on <paramref name="threads"/> threads (0 = all cores).
    /// </summary>
    public static EmbeddingSet Embed(string method, CsrGraph residual, ulong seed, int threads, IProgress<ProgressReport>? progress,
        CancellationToken cancellationToken, string? source = null, double p = 1, double q = 1) => Require(method) switch
    {
        "fastrp" => FastRP.Embed(residual, new FastRPOptions { Seed = seed, Threads = threads }, progress, cancellationToken, source),
        "deepwalk" => RandomWalkEmbedding.Embed(residual, new RandomWalkOptions { SkipGram = SkipGram(seed, threads) }, progress, cancellationToken, source),
        "node2vec" => RandomWalkEmbedding.Embed(residual, new RandomWalkOptions { ReturnParameter = p, InOutParameter = q, SkipGram = SkipGram(seed, threads) },
            progress, cancellationToken, source),
        "line" => Line.Embed(residual, new LineOptions { SkipGram = SkipGram(seed, threads) }, progress, cancellationToken, source),
        var name => throw new InvalidOperationException($"method '{name}' is listed in ResidualEncoder.Methods but has no case in Embed"),
    };

    private static SkipGramOptions SkipGram(ulong seed, int threads) => new() { Seed = seed, Threads = threads };
}
