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

    /// <summary>Nodes in a walk, the start included (DeepWalk's <c>--walk-length</c>).</summary>
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
        ThrowHelper.RequireOption(WalkLength >= 2, "--walk-length (WalkLength)", "an integer of at least 2 (a walk of one node has no context)", WalkLength);
        ThrowHelper.RequireOption(double.IsFinite(ReturnParameter) && ReturnParameter > 0, "--p (ReturnParameter)", "a positive number", ReturnParameter);
        ThrowHelper.RequireOption(double.IsFinite(InOutParameter) && InOutParameter > 0, "--q (InOutParameter)", "a positive number", InOutParameter);
        ThrowHelper.RequireOption(SkipGram is not null, "SkipGram", "skip-gram options", "null");
        SkipGram!.Validate();
    }
}
