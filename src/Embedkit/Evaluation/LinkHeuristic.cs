namespace Embedkit.Evaluation;

/// <summary>
/// Neighbourhood link-prediction heuristics of <see cref="LinkHeuristics"/> (Liben-Nowell and Kleinberg 2007;
/// Zhou, Lü and Zhang 2009). Γ(x) is the set of neighbours of x other than x itself; higher means more likely an edge.
/// </summary>
public enum LinkHeuristic
{
    /// <summary>|Γ(u) ∩ Γ(v)|.</summary>
    CommonNeighbors,

    /// <summary>|Γ(u) ∩ Γ(v)| / |Γ(u) ∪ Γ(v)|, 0 when both are empty.</summary>
    Jaccard,

    /// <summary>Σ over w in Γ(u) ∩ Γ(v) of 1 / ln |Γ(w)| (Adamic and Adar 2003).</summary>
    AdamicAdar,

    /// <summary>Σ over w in Γ(u) ∩ Γ(v) of 1 / |Γ(w)| (Zhou, Lü and Zhang 2009).</summary>
    ResourceAllocation,
}
