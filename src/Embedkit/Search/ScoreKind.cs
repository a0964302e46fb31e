namespace Embedkit.Search;

/// <summary>What a score means: a distance, where lower is better, or a similarity, where higher is better.</summary>
public enum ScoreKind
{
    /// <summary>Lower is better; an unfilled result slot scores +∞.</summary>
    Distance,

    /// <summary>Higher is better; an unfilled result slot scores −∞.</summary>
    Similarity,
}
