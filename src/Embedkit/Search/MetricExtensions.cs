using System.Diagnostics.CodeAnalysis;

namespace Embedkit.Search;

/// <summary>Names, score kinds and score ordering of <see cref="Metric"/>.</summary>
public static class MetricExtensions
{
    private static readonly (string Name, Metric Metric)[] Names =
    [
        ("l2", Metric.L2),
        ("ip", Metric.InnerProduct),
        ("cosine", Metric.Cosine),
    ];

    /// <summary>Whether <paramref name="metric"/>'s scores are distances (lower is better) or similarities (higher is better).</summary>
    public static ScoreKind ScoreKind(this Metric metric) => metric switch
    {
        Metric.L2 => Search.ScoreKind.Distance,
        Metric.InnerProduct or Metric.Cosine => Search.ScoreKind.Similarity,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a Metric"),
    };

    /// <summary>The metric's name in files and on the command line: <c>l2</c>, <c>ip</c> or <c>cosine</c>.</summary>
    public static string Name(this Metric metric) => metric switch
    {
        Metric.L2 => "l2",
        Metric.InnerProduct => "ip",
        Metric.Cosine => "cosine",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a Metric"),
    };

    /// <summary>The score of an unfilled result slot: +∞ for a distance, −∞ for a similarity (worse than any real score).</summary>
    public static float WorstScore(this ScoreKind kind) =>
        kind == Search.ScoreKind.Distance ? float.PositiveInfinity : float.NegativeInfinity;

    /// <summary>Whether score <paramref name="a"/> is strictly better than <paramref name="b"/> under <paramref name="kind"/>.</summary>
    public static bool IsBetter(this ScoreKind kind, float a, float b) =>
        kind == Search.ScoreKind.Distance ? a < b : a > b;

    /// <summary>Parses <c>l2</c>, <c>ip</c> or <c>cosine</c> (case-insensitive).</summary>
    /// <exception cref="InvalidInputException">When <paramref name="name"/> is none of them; the message lists the names.</exception>
    public static Metric Parse(string name)
    {
        if (TryParse(name, out Metric metric)) return metric;
        return ThrowHelper.InvalidInput<Metric>($"unknown metric: expected l2, ip or cosine, found '{name}'", field: "metric");
    }

    /// <summary>Parses <c>l2</c>, <c>ip</c> or <c>cosine</c> (case-insensitive); false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out Metric metric)
    {
        foreach (var (n, m) in Names)
        {
            if (string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                metric = m;
                return true;
            }
        }
        metric = default;
        return false;
    }
}
