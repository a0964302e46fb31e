namespace Embedkit.Tests.IO;

/// <summary>
/// The set stored in TestData/formats/v1-small.ekv (format version 1). The file was written once by
/// <c>EmbeddingFile.Write</c> from these values (with <see cref="CreatedUtc"/> as its creation time) and
/// committed; do not regenerate it, it guards backward compatibility.
/// </summary>
public static class V1Small
{
    public static readonly string[] Ids = ["alpha", "naïve café", "日本\t語", ""];

    public const int Dimension = 3;

    public static readonly float[] Data =
    [
        0f, 1f, -1f,
        0.1f, -0f, float.Epsilon,
        float.MaxValue, 1f / 3f, -2.5e-20f,
        6.02214076e23f, 123456.79f, 16777216f,
    ];

    public static readonly Provenance Provenance = new("fastrp",
        [new("dimension", "3"), new("weights", "0,0,1,6.67"), new("beta", "-0.64")], 42, "karate/edges.tsv");

    public static readonly DateTimeOffset CreatedUtc = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
}
