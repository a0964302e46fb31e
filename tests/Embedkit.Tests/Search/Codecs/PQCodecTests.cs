using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class PQCodecTests
{
    /// <summary>
    /// 1024 vectors of dimension 8 cut into 4 sub-spaces of 2, where sub-space s of row i holds exactly one of
    /// 256 points (k·10 + s, 3s − 7k), k = (37i + 11s) mod 256: 256 exact clusters per sub-space, 4 copies each.
    /// </summary>
    private static float[] ExactClusters()
    {
        var x = new float[1024 * 8];
        for (int i = 0; i < 1024; i++)
            for (int s = 0; s < 4; s++)
            {
                int k = (37 * i + 11 * s) % 256;
                x[i * 8 + 2 * s] = k * 10 + s;
                x[i * 8 + 2 * s + 1] = 3 * s - 7 * k;
            }
        return x;
    }

    [Fact]
    public void Reconstructs_Exactly_WhenEachSubspaceHas256ExactClusters()
    {
        // k-means++ draws a new point with probability ∝ its distance to the chosen ones, which is exactly 0 for
        // copies of a chosen point, so the 256 seeds are the 256 distinct points; every assignment is then exact
        // and each mean is of identical copies: the codebook is the points, and decode(encode(x)) = x bit for bit.
        float[] x = ExactClusters();
        var codec = new PQCodec(8, 4);
        codec.Train(x);
        var codes = new byte[1024 * 4];
        codec.Encode(x, codes);
        var back = new float[x.Length];
        codec.Decode(codes, back);
        Assert.Equal(x, back);
    }

    [Fact]
    public void Scores_AreTheMetricOnTheDecodedVectors()
    {
        // Expected values: CodecReference (decode, then the metric in double); ADC sums m float table entries.
        var codec = new PQCodec(24, 6);
        codec.Train(CodecReference.Uniform(600, 24, 1), new TrainingOptions { Iterations = 5 });
        CodecReference.AsymmetricMatchesDecoded(codec, CodecReference.Uniform(40, 24, 2), CodecReference.Uniform(3, 24, 3), 1e-5);
        CodecReference.SymmetricMatchesDecoded(codec, CodecReference.Uniform(20, 24, 4), 1e-5);
    }

    [Fact]
    public void Encode_PicksTheNearestCentroid_OfEachSubspace()
    {
        // Expected values: brute force over the 256 centroids of each sub-space (squared L2 in double).
        var codec = new PQCodec(12, 3);
        codec.Train(CodecReference.Uniform(512, 12, 5), new TrainingOptions { Iterations = 3 });
        float[] x = CodecReference.Uniform(50, 12, 6);
        var codes = new byte[50 * 3];
        codec.Encode(x, codes);
        ReadOnlySpan<float> book = codec.Codebook;
        for (int i = 0; i < 50; i++)
            for (int s = 0; s < 3; s++)
            {
                double best = double.MaxValue;
                int which = -1;
                for (int k = 0; k < 256; k++)
                {
                    double dist = 0;
                    for (int j = 0; j < 4; j++)
                    {
                        double t = x[i * 12 + s * 4 + j] - book[(s * 256 + k) * 4 + j];
                        dist += t * t;
                    }
                    if (dist < best) { best = dist; which = k; }
                }
                double found = 0;
                for (int j = 0; j < 4; j++)
                {
                    double t = x[i * 12 + s * 4 + j] - book[(s * 256 + codes[i * 3 + s]) * 4 + j];
                    found += t * t;
                }
                Assert.True(found <= best * (1 + 1e-5) + 1e-6, $"row {i} sub-space {s}: centroid {codes[i * 3 + s]} at {found}, nearest {which} at {best}");
            }
    }

    [Fact]
    public void Train_IsSeeded_AndIndependentOfThreads()
    {
        float[] x = CodecReference.Uniform(600, 16, 7);
        float[] Book(ulong seed, int threads)
        {
            var codec = new PQCodec(16, 4);
            codec.Train(x, new TrainingOptions { Seed = seed, Threads = threads, Iterations = 4 });
            return codec.Codebook.ToArray();
        }
        float[] one = Book(42, 1);
        Assert.Equal(one, Book(42, 2));
        Assert.Equal(one, Book(42, 1));
        Assert.NotEqual(one, Book(43, 1));
    }

    [Fact]
    public void Constructor_Refuses_SubQuantizersThatDoNotDivideTheDimension_ListingThoseThatDo()
    {
        var e = Assert.Throws<InvalidInputException>(() => new PQCodec(100, 16));
        Assert.Contains("PQ16: the dimension 100 is not a multiple of 16 sub-quantizers; counts that divide it: 1, 2, 4, 5, 10, 20, 25, 50, 100", e.Message);
        Assert.Throws<InvalidInputException>(() => new PQCodec(100, 0));
    }

    [Fact]
    public void Train_Refuses_FewerThan256Vectors()
    {
        var codec = new PQCodec(8, 2);
        var e = Assert.Throws<InvalidInputException>(() => codec.Train(CodecReference.Uniform(255, 8, 1)));
        Assert.Contains("the PQ2 codec needs at least 256 training vectors (one per centroid of each 256-centroid sub-quantizer", e.Message);
        Assert.Contains("found 255", e.Message);
        Assert.False(codec.IsTrained);
    }

    [Fact]
    public void Codes_AreOneBytePerSubQuantizer()
    {
        var codec = new PQCodec(784, 16);
        Assert.Equal(16, codec.CodeSize);
        Assert.Equal(49, codec.SubDimension);
        Assert.Equal("PQ16", codec.ToString());
    }
}
