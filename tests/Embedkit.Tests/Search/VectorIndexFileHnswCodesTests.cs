using System.Buffers.Binary;
using System.IO.Hashing;
using Embedkit.Search;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Search;

/// <summary>The coded HNSW kinds of <see cref="VectorIndexFile"/>, "HNSW&lt;M&gt;,&lt;codec&gt;[,Refine(…)]" (layout in VectorIndexFile.HnswCodes.cs and docs/formats.md).</summary>
public sealed class VectorIndexFileHnswCodesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A built index of the spec, with a third of its ids removed so that the file renumbers nodes around freed slots.</summary>
    private static IVectorIndex Build(string spec, Metric metric, int n, int d)
    {
        IVectorIndex index = IndexFactory.Create(IndexSpec.Parse(spec), d, metric, buildThreads: 2);
        long[] ids = Enumerable.Range(0, n).Select(i => (long)i * 7 - 100).ToArray();
        index.Add(ids, BruteForce.Random(n, d, 5));
        index.Remove(ids.Where((_, i) => i % 3 == 0).ToArray());
        return index;
    }

    [Theory]
    [InlineData("HNSW8,SQ8", Metric.L2, 600, 12)]
    [InlineData("HNSW8,SQ8", Metric.Cosine, 300, 5)]
    [InlineData("HNSW6,PQ4", Metric.InnerProduct, 400, 8)]
    [InlineData("HNSW8,BIN2", Metric.Cosine, 300, 20)]
    [InlineData("HNSW8,F16", Metric.L2, 0, 4)]
    [InlineData("HNSW8,SQ8,Refine(Flat)", Metric.L2, 500, 9)]
    [InlineData("HNSW8,PQ4,Refine(SQ8)", Metric.L2, 500, 8)]
    public void Write_Then_Read_KeepsTheKindGraphAndCodes_AndGivesIdenticalResults(string spec, Metric metric, int n, int d)
    {
        // Expected: the header's kind is the factory string, the loaded index the same composition, and every search
        // at every ef returns the same ids and scores (the codes and links are stored as they are; nothing is
        // re-encoded or re-trained).
        IVectorIndex index = Build(spec, metric, n, d);
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, index);

        VectorIndexFileHeader header = VectorIndexFile.ReadHeader(path);
        IVectorIndex back = VectorIndexFile.Read(path);

        Assert.Equal(spec, header.Kind);
        Assert.Equal(spec, IndexFactory.SpecOf(back).ToString());
        Assert.Equal(index.Count, back.Count);
        Assert.Equal(metric, back.Metric);
        float[] queries = BruteForce.Random(30, d, 6);
        foreach (int ef in new[] { 1, 16, 200 })
        {
            SearchParameters parameters = new HnswSearchParameters { Ef = ef };
            var before = index.Search(queries, 5, parameters);
            var after = back.Search(queries, 5, parameters);
            Assert.Equal(before.Ids, after.Ids);
            Assert.Equal(before.Scores, after.Scores);
        }
        HnswIndex graph = Assert.IsType<HnswIndex>(back is RefineIndex refine ? refine.Coarse : back);
        Assert.Equal(IndexSpec.Parse(spec).StructureParameter, graph.Options.M);
        // The loaded index keeps working: adds and removals after loading.
        back.Add([999_999], BruteForce.Random(1, d, 7));
        Assert.Equal(1, back.Remove([999_999]));
    }

    [Fact]
    public void Write_ProducesTheDocumentedLayout()
    {
        // Expected values follow the coded table: two SQ8 codes of dimension 3 under L2 with M = 2; the HNSW
        // parameters at 128, ids at 192, levels at 208, layer-0 links at 256 (five ints per node), the codec
        // section at the next multiple of 64 after the upper links: trained = 1, code size 3, 24 parameter bytes
        // (3 minima, 3 maxima), padding, then the codes: SQ8 of the training range itself, so 0 and 255.
        var index = new HnswIndex(new SQ8Codec(3), Metric.L2, new HnswOptions { M = 2, EfConstruction = 5, Seed = 1, MaxLevel = 3 });
        index.Add([7, -2], [1, 2, 3, 4, 5, 6]);
        string path = _folder.File("layout.eki");
        VectorIndexFile.Write(path, index);
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> f = bytes;

        Assert.Equal("HNSW2,SQ8"u8.ToArray(), bytes[36..45]);
        Assert.Equal(9u, BinaryPrimitives.ReadUInt32LittleEndian(f[32..]));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(f[128..])); // M
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(f[132..])); // efConstruction
        long upper = BinaryPrimitives.ReadInt64LittleEndian(f[160..]);
        Assert.Equal(7L, BinaryPrimitives.ReadInt64LittleEndian(f[192..]));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(f[200..]));
        int[] links = Enumerable.Range(0, 10).Select(i => BitConverter.ToInt32(bytes, 256 + 4 * i)).ToArray();
        Assert.Equal([1, 1, 0, 0, 0, 1, 0, 0, 0, 0], links);
        int codec = (int)((296 + 4 * upper + 63) / 64 * 64);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(f[codec..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(f[(codec + 4)..]));
        Assert.Equal(24L, BinaryPrimitives.ReadInt64LittleEndian(f[(codec + 8)..]));
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(f[(codec + 16)..])); // minimum of dimension 0
        Assert.Equal(6f, BinaryPrimitives.ReadSingleLittleEndian(f[(codec + 36)..])); // maximum of dimension 2
        int codes = (codec + 40 + 63) / 64 * 64;
        Assert.Equal(new byte[] { 0, 0, 0, 255, 255, 255 }, bytes[codes..]);
        Assert.Equal(bytes.Length - 128L, BinaryPrimitives.ReadInt64LittleEndian(f[104..]));
        Assert.Equal(XxHash3.HashToUInt64(f[128..]), BinaryPrimitives.ReadUInt64LittleEndian(f[112..]));
    }

    [Fact]
    public void Read_Refuses_ACorruptedOrTruncatedFile_AndAKindWhoseMDiffers()
    {
        // Expected: a flipped payload byte fails the checksum; a file cut short is truncated; a kind that says
        // HNSW9 over a payload whose parameters say M = 8 is refused naming both (header checksum made valid).
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, Build("HNSW8,SQ8", Metric.L2, 200, 6));
        byte[] good = File.ReadAllBytes(path);

        byte[] flipped = (byte[])good.Clone();
        flipped[^1] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum mismatch in payload", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);

        File.WriteAllBytes(path, good[..^1]);
        Assert.Contains("truncated", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);

        byte[] renamed = (byte[])good.Clone();
        renamed[40] = (byte)'9';
        BinaryPrimitives.WriteUInt64LittleEndian(renamed.AsSpan(120), XxHash3.HashToUInt64(renamed.AsSpan(0, 120)));
        File.WriteAllBytes(path, renamed);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("the kind HNSW9,SQ8 says M = 9, the parameters say 8", e.Message);
        Assert.Equal("M", e.Field);
    }

    [Fact]
    public void Read_Loads_StoredVersion1File()
    {
        // TestData/search/v1-hnsw-sq8-small.eki was written once by VectorIndexFile.Write (version 1, kind HNSW4,SQ8)
        // from V1HnswSq8Small.Build() and committed; it must keep loading in every later version. Expected, by hand:
        // every dimension's SQ8 range is [0, 255], so the step is 1 and each stored vector of small integers decodes
        // to itself exactly, and finds itself first at squared distance 0.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "search", "v1-hnsw-sq8-small.eki");

        VectorIndexFileHeader header = VectorIndexFile.ReadHeader(path);
        var index = Assert.IsType<HnswIndex>(VectorIndexFile.Read(path));

        Assert.Equal(V1HnswSq8Small.Kind, header.Kind);
        Assert.Equal(V1HnswSq8Small.Options with { Threads = 0 }, index.Options);
        Assert.IsType<SQ8Codec>(index.Codec);
        long[] expected = Enumerable.Range(0, V1HnswSq8Small.Added).Select(V1HnswSq8Small.IdOf).Except(V1HnswSq8Small.Removed).ToArray();
        Assert.Equal(expected, index.Ids);
        var vector = new float[V1HnswSq8Small.Dimension];
        foreach (long id in expected)
        {
            Assert.True(index.TryGetVector(id, vector));
            Assert.Equal(V1HnswSq8Small.VectorOf(id), vector);
            var found = index.Search(V1HnswSq8Small.VectorOf(id), 1, new HnswSearchParameters { Ef = 40 });
            Assert.Equal(0f, found.Scores[0]);
            Assert.Equal(id, found.Ids[0]); // the rows are distinct: (i mod 7, ⌊i / 7⌋) names i below 49
        }
        // Built again today from the same ids, vectors and seed on one thread, the graph is the stored one.
        float[] queries = BruteForce.Random(10, V1HnswSq8Small.Dimension, 8).Select(v => (v + 1) * 4).ToArray();
        var fresh = V1HnswSq8Small.Build().Search(queries, 3, new HnswSearchParameters { Ef = 8 });
        var stored = index.Search(queries, 3, new HnswSearchParameters { Ef = 8 });
        Assert.Equal(fresh.Ids, stored.Ids);
        Assert.Equal(fresh.Scores, stored.Scores);
    }

    [Fact]
    public void Write_Refuses_FullVectorHnswWithRefine_NamingWhatItSaves()
    {
        // HNSW over full vectors already ranks by exact scores; its Refine(Flat) composition has no file layout.
        IVectorIndex index = IndexFactory.Create(IndexSpec.Parse("HNSW8,Refine(Flat)"), 4, Metric.L2);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Write(_folder.File("y.eki"), index));
        Assert.Contains("cannot save HNSW8,Refine(Flat)", e.Message);
    }
}
