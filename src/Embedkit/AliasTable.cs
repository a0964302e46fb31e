namespace Embedkit;

/// <summary>
/// Walker's alias method (Vose's construction): draws index i with probability wᵢ / Σw in O(1) from one
/// 64-bit random number. Memory: one float and one int per entry. Entries with weight 0 are never drawn.
/// </summary>
internal sealed class AliasTable
{
    private readonly float[] _probability;
    private readonly int[] _alias;

    private AliasTable(float[] probability, int[] alias)
    {
        _probability = probability;
        _alias = alias;
    }

    /// <summary>Number of entries.</summary>
    public int Count => _alias.Length;

    /// <summary>Builds the table; weights must be finite, non-negative and not all zero.</summary>
    public static AliasTable Create(ReadOnlySpan<double> weights)
    {
        if (weights.Length == 0) throw new ArgumentException("no weights", nameof(weights));
        var probability = new float[weights.Length];
        var alias = new int[weights.Length];
        Build(weights, probability, alias, new double[weights.Length], new int[weights.Length], new int[weights.Length]);
        return new AliasTable(probability, alias);
    }

    /// <summary>
    /// Fills <paramref name="probability"/> and <paramref name="alias"/> (local indices) for
    /// <paramref name="weights"/>, using the three scratch spans of the same length.
    /// </summary>
    public static void Build(ReadOnlySpan<double> weights, Span<float> probability, Span<int> alias,
        Span<double> scaled, Span<int> small, Span<int> large)
    {
        int n = weights.Length;
        double sum = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"weight {w} is not a finite non-negative number", nameof(weights));
            sum += w;
        }
        if (sum <= 0) throw new ArgumentException("all weights are zero", nameof(weights));
        int smallCount = 0, largeCount = 0;
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) small[smallCount++] = i;
            else large[largeCount++] = i;
        }
        while (smallCount > 0 && largeCount > 0)
        {
            int s = small[--smallCount];
            int l = large[largeCount - 1];
            probability[s] = (float)scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) { largeCount--; small[smallCount++] = l; }
        }
        // What is left is 1 up to rounding: those entries always keep themselves.
        while (largeCount > 0) { int l = large[--largeCount]; probability[l] = 1; alias[l] = l; }
        while (smallCount > 0)
        {
            int s = small[--smallCount];
            // A zero-weight entry must never keep itself, even when rounding leaves it on the small list.
            probability[s] = weights[s] > 0 ? 1 : 0;
            alias[s] = weights[s] > 0 ? s : FirstPositive(weights);
        }
    }

    /// <summary>Draws a local index from flat tables built by <see cref="Build"/>.</summary>
    public static int Sample(ReadOnlySpan<float> probability, ReadOnlySpan<int> alias, ulong random)
    {
        int column = (int)(((random >> 32) * (ulong)alias.Length) >> 32);
        float coin = (random & 0xFFFFFF) * (1f / (1 << 24));
        return coin < probability[column] ? column : alias[column];
    }

    private static int FirstPositive(ReadOnlySpan<double> weights)
    {
        for (int i = 0; i < weights.Length; i++) if (weights[i] > 0) return i;
        return 0;
    }

    /// <summary>Draws an index from 64 random bits: the high 32 pick the column, the low 24 the coin.</summary>
    public int Sample(ulong random)
    {
        int column = (int)(((random >> 32) * (ulong)_alias.Length) >> 32);
        float coin = (random & 0xFFFFFF) * (1f / (1 << 24));
        return coin < _probability[column] ? column : _alias[column];
    }
}
