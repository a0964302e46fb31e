namespace Embedkit.Tests.IO;

/// <summary>Embedding sets for format tests, with values chosen to catch lossy float handling.</summary>
public static class TestSets
{
    /// <summary>Values whose text or binary form is easy to get wrong: -0, subnormals, extremes, 0.1, 1/3.</summary>
    public static readonly float[] TrickyValues =
    [
        0f, -0f, 1f, -1f, 0.1f, 1f / 3f, float.Epsilon, -float.Epsilon, 1.17549435E-38f, float.MaxValue, float.MinValue,
        1e-7f, 123456.79f, 16777217f, 3.14159274f, -2.5e-20f, 6.02214076e23f,
    ];

    /// <summary>
    /// An n × d set; values are deterministic (a fixed-seed generator, plus every tricky value early on),
    /// ids are <paramref name="id"/>(row).
    /// </summary>
    public static EmbeddingSet Make(int n, int d, Func<int, string>? id = null, int seed = 7)
    {
        var random = new Random(seed);
        var data = new float[n * d];
        for (int i = 0; i < data.Length; i++)
            data[i] = i < TrickyValues.Length ? TrickyValues[i] : (float)(random.NextDouble() * 2 - 1) * MathF.Pow(10, random.Next(-8, 8));
        id ??= i => $"id{i}";
        var ids = Enumerable.Range(0, n).Select(id).ToArray();
        return new EmbeddingSet(ids, d, data, new Provenance("test", [new("n", n.ToString()), new("d", d.ToString())], 42, "memory"));
    }

    /// <summary>Ids that are non-ASCII and contain spaces (for formats that allow spaces).</summary>
    public static string SpacedUnicodeId(int i) => i switch
    {
        0 => "naïve café",
        1 => "日本 語",
        2 => "emoji 🙂 id",
        _ => $"row {i} – Ωμέγα",
    };

    /// <summary>Ids that are non-ASCII without whitespace (for word2vec formats).</summary>
    public static string UnicodeId(int i) => i switch
    {
        0 => "naïve",
        1 => "日本語",
        2 => "🙂",
        _ => $"Ωμέγα_{i}",
    };

    /// <summary>Asserts same ids, dimension and bit-identical values.</summary>
    public static void AssertSameBits(EmbeddingSet expected, EmbeddingSet actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Dimension, actual.Dimension);
        Assert.Equal(expected.Count, actual.Count);
        var e = expected.Data;
        var a = actual.Data;
        for (int i = 0; i < e.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i]))
                Assert.Fail($"value {i}: expected {e[i]:R} (0x{BitConverter.SingleToInt32Bits(e[i]):x8}), found {a[i]:R} (0x{BitConverter.SingleToInt32Bits(a[i]):x8})");
        }
    }
}
