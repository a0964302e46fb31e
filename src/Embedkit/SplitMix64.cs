namespace Embedkit;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast, well-mixed generator. Used where a
/// stream of randomness must be derived from a (seed, key) pair so that results do not depend on
/// thread count or iteration order.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>The generator of repeat <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream)
    {
        var g = new SplitMix64(seed);
        ulong a = g.NextUInt64();
        return new SplitMix64(a ^ (0xD1B54A32D192ED03UL * (stream + 1)));
    }

    /// <summary>Uniform in [0, bound) without bias (Lemire's multiply-and-reject).</summary>
    public int NextBelow(int bound)
    {
        ulong b = (ulong)bound;
        UInt128 m = (UInt128)NextUInt64() * b;
        ulong low = (ulong)m;
        if (low < b)
        {
            ulong threshold = (0UL - b) % b;
            while (low < threshold) { m = (UInt128)NextUInt64() * b; low = (ulong)m; }
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
