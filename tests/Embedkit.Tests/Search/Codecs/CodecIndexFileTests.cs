using System.Buffers.Binary;
using System.IO.Hashing;
using Embedkit.Search;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Search.Codecs;

public sealed class CodecIndexFileTests : IDisposable
{
    private const int D = CodecIndexCases.D;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, Metric> Kinds()
    {
        var data = new TheoryData<string, Metric>();
        foreach (string spec in CodecIndexCases.Specs)
        {
            data.Add(spec, Metric.L2);
            data.Add(spec + ",Refine(Flat)", Metric.Cosine);
        }
        data.Add("PQ4,Refine(SQ8)", Metric.InnerProduct);
        data.Add("BIN2,Refine(F16)", Metric.L2);
        return data;
    }

    [Fact]
    public void Read_Loads_ABin2FileWrittenByTheEarlierVersion()
    {
        // TestData/search/v1-bin2-perscale-small.eki was written by the version before BIN2's scales were shared
        // (commit 8117cbd: `embedkit index build rows.tsv -o … --spec BIN2 --metric l2`, rows as below) and committed.
        // Expected: it loads as the per-vector-scale layout (code size 2 × (1 + 4) = 10 bytes at d = 8), and decodes
        // and searches exactly as that layout's codec does when given the same rows today.
        const int d = 8;
        float[] rows = Enumerable.Range(0, 20).SelectMany(i => new float[] { i % 3, i % 5 - 2, i / 4, i * 7 % 9, i % 2, 3 - i % 4, i * i % 5, i % 6 - 3 }).ToArray();
        long[] ids = Enumerable.Range(0, 20).Select(i => (long)i).ToArray();
        var reference = new CodecFlatIndex(new ResidualBinaryCodec(d, 2, centering: true, perVectorScales: true), Metric.L2);
        reference.Add(ids, rows);
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "search", "v1-bin2-perscale-small.eki");

        var index = Assert.IsType<CodecFlatIndex>(VectorIndexFile.Read(path));

        var codec = Assert.IsType<ResidualBinaryCodec>(index.Codec);
        Assert.True(codec.PerVectorScales);
        Assert.Equal(10, codec.CodeSize);
        Assert.Equal(ids, index.Ids);
        var a = new float[d];
        var b = new float[d];
        foreach (long id in ids)
        {
            index.TryGetVector(id, a);
            reference.TryGetVector(id, b);
            Assert.Equal(b, a);
        }
        float[] queries = CodecReference.Uniform(5, d, 9, -3, 9);
        Assert.Equal(reference.Search(queries, 4).Ids, index.Search(queries, 4).Ids);
    }

    [Fact]
    public void Read_Loads_TheEarlierBin2Layout_WithPerVectorScales()
    {
        // Files written before BIN2..BIN8 shared their scales hold b float32 scales at the end of each code (code size
        // b·(⌈d/8⌉ + 4)) and no scales in the parameters. Such a file (made here by the codec of that layout, which
        // writes exactly what the earlier version wrote) must load as that layout and give the same results.
        var codec = new ResidualBinaryCodec(D, 2, centering: true, perVectorScales: true);
        var index = new CodecFlatIndex(codec, Metric.L2);
        float[] vectors = CodecReference.Uniform(100, D, 3, -12, 12);
        index.Add(Enumerable.Range(0, 100).Select(i => (long)i).ToArray(), vectors);
        string path = _folder.File("old-bin2.eki");
        VectorIndexFile.Write(path, index);

        var back = Assert.IsType<CodecFlatIndex>(VectorIndexFile.Read(path));

        var loaded = Assert.IsType<ResidualBinaryCodec>(back.Codec);
        Assert.True(loaded.PerVectorScales);
        Assert.Equal(2 * ((D + 7) / 8 + 4), loaded.CodeSize);
        float[] queries = CodecReference.Uniform(10, D, 4, -12, 12);
        var before = index.Search(queries, 5);
        var after = back.Search(queries, 5);
        Assert.Equal(before.Ids, after.Ids);
        Assert.Equal(before.Scores, after.Scores);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Write_Then_Read_KeepsKindIdsCodesAndResults(string kind, Metric metric)
    {
        IVectorIndex index = IndexFactory.Create(kind, D, metric);
        index.GetService<ITrainableIndex>()!.Train(CodecIndexCases.Training, new TrainingOptions { Iterations = 3 });
        float[] vectors = CodecReference.Uniform(300, D, 1, -12, 12);
        long[] ids = Enumerable.Range(0, 300).Select(i => (long)i * 31 - 500).ToArray();
        index.Add(ids, vectors);
        index.Remove(ids.Where((_, i) => i % 3 == 0).ToArray());
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, index);

        Assert.Equal(kind, VectorIndexFile.ReadHeader(path).Kind);
        IVectorIndex back = VectorIndexFile.Read(path);
        Assert.Equal(index.GetType(), back.GetType());
        Assert.Equal(kind, IndexFactory.SpecOf(back).ToString());
        Assert.Equal(metric, back.Metric);
        Assert.Equal(index.Count, back.Count);
        IVectorLookup before = index.GetService<IVectorLookup>()!, after = back.GetService<IVectorLookup>()!;
        Assert.Equal(before.Ids.Order(), after.Ids.Order());
        var a = new float[D];
        var b = new float[D];
        foreach (long id in before.Ids)
        {
            before.TryGetVector(id, a);
            after.TryGetVector(id, b);
            Assert.Equal(a, b);
        }
        float[] queries = CodecReference.Uniform(20, D, 2, -12, 12);
        Neighbors x = index.Search(queries, 5), y = back.Search(queries, 5);
        Assert.Equal(x.Ids, y.Ids);
        Assert.Equal(x.Scores, y.Scores);
    }

    [Fact]
    public void Write_ProducesTheDocumentedLayout_ForSQ8()
    {
        // Expected values follow the codec layout in docs/formats.md: 2 vectors of dimension 3, ip, kind SQ8.
        var index = (CodecFlatIndex)IndexFactory.Create("SQ8", 3, Metric.InnerProduct);
        index.Add([7, -2], [0, 10, 20, 255, 520, 30]);
        string path = _folder.File("layout.eki");
        VectorIndexFile.Write(path, index);
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> f = bytes;

        Assert.Equal("EKVINDEX"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(f[8..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(f[16..]));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(f[20..]));
        Assert.Equal(2L, BinaryPrimitives.ReadInt64LittleEndian(f[24..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(f[32..]));
        Assert.Equal("SQ8"u8.ToArray(), bytes[36..39]);
        // ids at 128..144, padding to 192; trained 1, code size 3, P = 8·3 = 24 at 192..208; minima (0, 10, 20)
        // and maxima (255, 520, 30) at 208..232; padding to 256; codes 2 × 3 bytes: (0, 0, 0) and (255, 255, 255).
        Assert.Equal(7L, BinaryPrimitives.ReadInt64LittleEndian(f[128..]));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(f[136..]));
        Assert.Equal(new byte[48], bytes[144..192]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(f[192..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(f[196..]));
        Assert.Equal(24L, BinaryPrimitives.ReadInt64LittleEndian(f[200..]));
        Assert.Equal(10f, BinaryPrimitives.ReadSingleLittleEndian(f[212..]));
        Assert.Equal(520f, BinaryPrimitives.ReadSingleLittleEndian(f[224..]));
        Assert.Equal(new byte[24], bytes[232..256]);
        Assert.Equal(new byte[] { 0, 0, 0, 255, 255, 255 }, bytes[256..262]);
        Assert.Equal(262, bytes.Length);
        Assert.Equal(134L, BinaryPrimitives.ReadInt64LittleEndian(f[104..]));
        Assert.Equal(XxHash3.HashToUInt64(f[128..]), BinaryPrimitives.ReadUInt64LittleEndian(f[112..]));
    }

    [Fact]
    public void Read_Loads_StoredVersion1CodecFile()
    {
        // TestData/search/v1-sq8-refine-small.eki was written once by VectorIndexFile.Write (version 1) from
        // V1CodecSmall.Build() and committed; it must keep loading in every later version.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "search", "v1-sq8-refine-small.eki");
        Assert.Equal(V1CodecSmall.Kind, VectorIndexFile.ReadHeader(path).Kind);
        var index = Assert.IsType<RefineIndex>(VectorIndexFile.Read(path));
        var coarse = Assert.IsType<CodecFlatIndex>(index.Coarse);
        Assert.Equal(V1CodecSmall.StoredIds, coarse.Ids);
        for (int i = 0; i < V1CodecSmall.StoredIds.Length; i++)
            Assert.Equal(V1CodecSmall.StoredCodes[i], coarse.CodeAt(i).ToArray());
        var vector = new float[3];
        foreach (long id in V1CodecSmall.StoredIds)
        {
            Assert.True(index.GetService<IVectorLookup>()!.TryGetVector(id, vector));
            Assert.Equal(V1CodecSmall.VectorOf(id), vector);
        }
        Assert.False(coarse.Contains(V1CodecSmall.Removed));
        Neighbors found = index.Search([0.4f, 100, 260], 1);
        Assert.Equal(9_000_000_000L, found.Ids[0]);
        Assert.Equal(0.01 + 0.16 + 25, found.Scores[0], 1e-4); // exact: (0.5−0.4)² + (100.4−100)² + (265−260)²
    }

    [Fact]
    public void Read_Refuses_ACorruptedPayload_ByChecksum_AndBadParameters_WithoutIt()
    {
        string path = WriteSq8();
        byte[] bytes = File.ReadAllBytes(path);
        // Maximum of dimension 0 (at 208 + 12) set below its minimum: a range no training gives.
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(220), -100f);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum mismatch in payload", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path, verifyChecksum: false));
        Assert.Contains("corrupted SQ8 payload: codec parameters: SQ8 range of dimension 0: expected finite minimum ≤ maximum", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(196, 4u, "code size: the kind SQ8 at dimension 3 has 3-byte codes, the file says 4")]
    [InlineData(192, 2u, "trained flag: expected 0 or 1, found 2")]
    [InlineData(200, 25u, "parameter bytes: the kind SQ8 at dimension 3 has 24, the file says 25")]
    [InlineData(200, 1_000_000u, "the SQ8 payload ends inside the codec parameters")]
    public void Read_Refuses_InconsistentCodecFields(int offset, uint value, string message)
    {
        string path = WriteSq8();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        File.WriteAllBytes(path, bytes);
        Assert.Contains(message, Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path, verifyChecksum: false)).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void Read_Refuses_TruncatedFile(int cut)
    {
        string path = WriteSq8();
        long length = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(length - cut);
        Assert.Contains("truncated", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
    }

    [Fact]
    public void Read_Refuses_AWrongVersion_AndAnUnknownOrNonCanonicalKind()
    {
        string path = WriteSq8();
        byte[] bytes = File.ReadAllBytes(path);
        byte[] version = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 2);
        File.WriteAllBytes(path, version);
        Assert.Contains("unsupported index file version: expected 1, found 2", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);

        foreach (string kind in new[] { "SQ9", "sq8", "hnsw32,SQ8", "HNSW32,Refine(Flat)" })
        {
            byte[] renamed = (byte[])bytes.Clone();
            renamed.AsSpan(36, 64).Clear();
            System.Text.Encoding.ASCII.GetBytes(kind, renamed.AsSpan(36));
            BinaryPrimitives.WriteUInt32LittleEndian(renamed.AsSpan(32), (uint)kind.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(renamed.AsSpan(120), XxHash3.HashToUInt64(renamed.AsSpan(0, 120)));
            File.WriteAllBytes(path, renamed);
            var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
            Assert.Contains($"unsupported index kind '{kind}'", e.Message);
        }
    }

    [Fact]
    public void Read_Refuses_BinaryCodesWithBitsPastTheDimension()
    {
        var index = (CodecFlatIndex)IndexFactory.Create("BIN1", 3, Metric.L2);
        index.Add([1], [1, -1, 1]);
        string path = _folder.File("bin.eki");
        VectorIndexFile.Write(path, index);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] |= 0x80;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("bits are set past dimension 3", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path, verifyChecksum: false)).Message);
    }

    [Fact]
    public void WriteAndRead_AnUntrainedEmptyIndex()
    {
        IVectorIndex index = IndexFactory.Create("PQ4,Refine(Flat)", D, Metric.L2);
        string path = _folder.File("empty.eki");
        VectorIndexFile.Write(path, index);
        IVectorIndex back = VectorIndexFile.Read(path);
        Assert.False(back.GetService<ITrainableIndex>()!.IsTrained);
        Assert.Equal(0, back.Count);
    }

    private string WriteSq8()
    {
        var index = (CodecFlatIndex)IndexFactory.Create("SQ8", 3, Metric.L2);
        index.Add([7, -2, 5], [0, 10, 20, 255, 520, 30, 1, 2, 3]);
        string path = _folder.File("sq8.eki");
        VectorIndexFile.Write(path, index);
        return path;
    }
}
