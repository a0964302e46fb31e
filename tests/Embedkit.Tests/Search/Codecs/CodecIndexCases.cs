using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

/// <summary>Codec indexes of every kind, trained on one shared sample so that the tests can use small batches.</summary>
internal static class CodecIndexCases
{
    public const int D = 16;

    /// <summary>Factory strings of every codec (PQ4: 4 sub-quantizers of 4 dimensions).</summary>
    public static readonly string[] Specs = ["F16", "SQ8", "PQ4", "BIN1", "BIN2", "BIN4"];

    public static TheoryData<string> AllSpecs() => [.. Specs];

    /// <summary>512 training vectors uniform in [−12, 12)¹⁶ (PQ needs at least 256).</summary>
    public static readonly float[] Training = CodecReference.Uniform(512, D, 77, -12, 12);

    /// <summary>A trained, empty codec index of <paramref name="spec"/>.</summary>
    public static CodecFlatIndex Create(string spec, Metric metric = Metric.L2)
    {
        var index = (CodecFlatIndex)IndexFactory.Create(spec, D, metric);
        index.Train(Training, new TrainingOptions { Iterations = 4 });
        return index;
    }

    /// <summary>
    /// A vector that every codec keeps apart from the others: +10 on the three dimensions 3p..3p+2 and −10
    /// elsewhere, with p = the pattern number (0..4 for 16 dimensions, wrapping to other shifts past that).
    /// Distinct patterns differ by 20 on at least six dimensions, far more than any codec's error here.
    /// </summary>
    public static float[] Separated(int pattern)
    {
        var v = new float[D];
        for (int j = 0; j < D; j++) v[j] = (j + pattern / 5) % D / 3 == pattern % 5 ? 10 : -10;
        return v;
    }
}
