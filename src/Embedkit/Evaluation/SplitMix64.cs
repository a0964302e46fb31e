namespace Embedkit.Evaluation;

/// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014): a small portable seeded generator for the split shuffles.</summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The generator of repeat <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream)
    {
        var g = new SplitMix64(seed);
        ulong a = g.Next();
        return new SplitMix64(a ^ (0xD1B54A32D192ED03UL * (stream + 1)));
    }

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) without bias (Lemire's multiply-and-reject).</summary>
    public int NextBelow(int bound)
    {
        ulong b = (ulong)bound;
        UInt128 m = (UInt128)Next() * b;
        ulong low = (ulong)m;
        if (low < b)
        {
            ulong threshold = (0UL - b) % b;
            while (low < threshold) { m = (UInt128)Next() * b; low = (ulong)m; }
        }
        return (int)(m >> 64);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
