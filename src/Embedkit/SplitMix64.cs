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

    /// <summary>Mixes a key into a seed: the seed of the stream for that key.</summary>
    public static ulong Mix(ulong seed, ulong key)
    {
        var g = new SplitMix64(seed ^ (key * 0xD1B54A32D192ED03UL));
        g.NextUInt64();
        return g.NextUInt64();
    }
}
