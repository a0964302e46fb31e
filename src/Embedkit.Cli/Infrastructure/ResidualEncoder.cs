using Embedkit.Cli.Commands;
using Embedkit.Graphs;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// How <c>eval link-prediction --method NAME</c> turns the residual graph of a split into embeddings: through
/// <see cref="GraphEncoder"/>, the same encoders and defaults as <c>embed graph --method NAME</c>.
/// </summary>
internal static class ResidualEncoder
{
    /// <summary>Accepted <c>--method</c> names, lower case.</summary>
    public static IReadOnlyList<string> Methods => EmbedGraphCommand.Methods;

    /// <summary>The method name in lower case; throws naming the option and the accepted names when it is not one of <see cref="Methods"/>.</summary>
    public static string Require(string? method)
    {
        string name = (method ?? "").Trim().ToLowerInvariant();
        if (!Methods.Contains(name))
            throw new InvalidInputException($"option --method: expected one of {string.Join(", ", Methods)}, found '{method}'", field: "--method");
        return name;
    }

    /// <summary>
    /// The encoder <paramref name="method"/> at its default options (node2vec with return parameter
    /// <paramref name="p"/> and in-out parameter <paramref name="q"/>), seeded by <paramref name="seed"/>, on
    /// <paramref name="threads"/> threads (0 = all cores); its options are validated here, before any file is read.
    /// </summary>
    public static GraphEncoder For(string method, ulong seed, int threads, double? p = null, double? q = null) =>
        GraphEncoder.For(Require(method), new EmbedGraphCommand.Settings { Method = method, Seed = seed, Threads = threads, P = p, Q = q });
}
