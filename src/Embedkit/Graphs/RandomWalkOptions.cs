using Embedkit.SkipGram;

namespace Embedkit.Graphs;

/// <summary>
/// Options of DeepWalk (Perozzi et al. 2014) and node2vec (Grover and Leskovec 2016): how walks are
/// sampled, and how skip-gram is trained on them. With p = q = 1 node2vec's walks are DeepWalk's.
/// Defaults are DeepWalk's BlogCatalog settings: 80 walks of 40 nodes per node, window 10, d = 128.
/// </summary>
public sealed record RandomWalkOptions
{
    /// <summary>Walks started from every node per epoch (DeepWalk's <c>--number-walks</c>).</summary>
    public int WalksPerNode { get; init; } = 80;

    /// <summary>Longest accepted <see cref="WalkLength"/>.</summary>
    public const int MaxWalkLength = 100_000;

    /// <summary>Smallest accepted p or q (the largest is its inverse): beyond, 1/p or 1/q loses all meaning in float arithmetic.</summary>
    public const double MinBias = 1e-6;

    /// <summary>Nodes in a walk, the start included (DeepWalk's <c>--walk-length</c>), 2..<see cref="MaxWalkLength"/>.</summary>
    public int WalkLength { get; init; } = 40;

    /// <summary>node2vec's return parameter p: a step back to the previous node is weighted 1/p.</summary>
    public double ReturnParameter { get; init; } = 1;

    /// <summary>node2vec's in-out parameter q: a step to a node not adjacent to the previous one is weighted 1/q.</summary>
    public double InOutParameter { get; init; } = 1;

    /// <summary>Skip-gram training on the walks (dimension, window, negatives, epochs, seed, threads).</summary>
    public SkipGramOptions SkipGram { get; init; } = new();

    /// <summary>Whether the walks are second-order (p or q other than 1).</summary>
    public bool IsSecondOrder => ReturnParameter != 1 || InOutParameter != 1;

    /// <summary>Checks every option once; throws <see cref="InvalidInputException"/> naming the option.</summary>
    public void Validate()
    {
        ThrowHelper.RequireOption(WalksPerNode > 0, "--walks (WalksPerNode)", "a positive integer", WalksPerNode);
        ThrowHelper.RequireOption(WalkLength >= 2 && WalkLength <= MaxWalkLength, "--walk-length (WalkLength)",
            $"an integer in 2..{MaxWalkLength} (a walk of one node has no context)", WalkLength);
        RequireBias(ReturnParameter, "--p (ReturnParameter)");
        RequireBias(InOutParameter, "--q (InOutParameter)");
        ThrowHelper.RequireOption(SkipGram is not null, "SkipGram", "skip-gram options", "null");
        SkipGram!.Validate();
    }

    /// <summary>Checks a node2vec p or q: a number in [<see cref="MinBias"/>, 1/<see cref="MinBias"/>].</summary>
    internal static void RequireBias(double value, string option) =>
        ThrowHelper.RequireOption(double.IsFinite(value) && value >= MinBias && value <= 1 / MinBias, option,
            $"a positive number in [{MinBias:G}, {1 / MinBias:G}]", value);
}
