using System.Buffers.Binary;
using System.IO.Hashing;
using Embedkit.Search;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Search;

/// <summary>The full-vector HNSW kinds of <see cref="VectorIndexFile"/>, "HNSW<M>" and the earlier "HNSW" (layout in VectorIndexFile.Hnsw.cs and docs/formats.md).</summary>
public sealed class VectorIndexFileHnswTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(Metric.L2, 0, 5)]
    [InlineData(Metric.L2, 1500, 37)]
    [InlineData(Metric.InnerProduct, 17, 16)]
    [InlineData(Metric.Cosine, 600, 3)]
    public void Write_Then_Read_KeepsIdsVectorsOptions_AndGivesIdenticalResults(Metric metric, int n, int d)
    {
        // A third of the vectors removed first, so that the file renumbers the nodes around freed slots.
        var options = new HnswOptions { M = 6, EfConstruction = 40, Seed = 99, MaxLevel = 9, Threads = 2 };
        var index = new HnswIndex(d, metric, options);
        long[] ids = Enumerable.Range(0, n).Select(i => (long)i * 31 - 500).ToArray();
        index.Add(ids, BruteForce.Random(n, d, 2));
        index.Remove(ids.Where((_, i) => i % 3 == 0).ToArray());
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, index);

        var header = VectorIndexFile.ReadHeader(path);
        var back = Assert.IsType<HnswIndex>(VectorIndexFile.Read(path));

        Assert.Equal("HNSW6", header.Kind); // the factory string: M = 6 (efConstruction is in the parameters)
        Assert.Equal(index.Count, header.Count);
        Assert.Equal(metric, back.Metric);
        Assert.Equal(d, back.Dimension);
        Assert.Equal(options with { Threads = 0 }, back.Options);
        Assert.Equal(index.Ids, back.Ids);
        Assert.Equal(index.TopLevel, back.TopLevel);
        var a = new float[d];
        var b = new float[d];
        foreach (long id in index.Ids)
        {
            index.TryGetVector(id, a);
            back.TryGetVector(id, b);
            Assert.Equal(a, b); // bit for bit: under cosine the stored unit vectors are not normalised again
        }
        float[] queries = BruteForce.Random(50, d, 3);
        foreach (int ef in new[] { 1, 16, 100 })
        {
            var before = index.Search(queries, 5, new HnswSearchParameters { Ef = ef });
            var after = back.Search(queries, 5, new HnswSearchParameters { Ef = ef });
            Assert.Equal(before.Ids, after.Ids);
            Assert.Equal(before.Scores, after.Scores);
        }
    }

    [Fact]
    public void Write_ProducesTheDocumentedLayout()
    {
        // Expected values follow the "HNSW<M>" table: two vectors of dimension 3 under ip with M = 2, so 1 + 2M = 5 ints
        // of layer-0 links per node; the two nodes link to each other.
        var index = new HnswIndex(3, Metric.InnerProduct, new HnswOptions { M = 2, EfConstruction = 5, Seed = 1, MaxLevel = 3 });
        index.Add([7, -2], [1, 2, 3, 4, 5, 6]);
        string path = _folder.File("layout.eki");
        VectorIndexFile.Write(path, index);
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> f = bytes;

        Assert.Equal("HNSW2"u8.ToArray(), bytes[36..41]); // the kind is the factory string, M = 2
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(f[32..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(f[16..])); // ip
        Assert.Equal(2L, BinaryPrimitives.ReadInt64LittleEndian(f[24..]));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(f[128..])); // M
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(f[132..])); // efConstruction
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(f[136..])); // seed
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(f[144..])); // max level guard
        int entry = BinaryPrimitives.ReadInt32LittleEndian(f[148..]);
        int top = BinaryPrimitives.ReadInt32LittleEndian(f[152..]);
        long upper = BinaryPrimitives.ReadInt64LittleEndian(f[160..]);
        Assert.Equal(7L, BinaryPrimitives.ReadInt64LittleEndian(f[192..]));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(f[200..]));
        byte level0 = bytes[208], level1 = bytes[209];
        Assert.Equal(Math.Max(level0, level1), top);
        Assert.Equal(top, entry == 0 ? level0 : level1);
        Assert.Equal((level0 + level1) * 3L, upper); // 1 + M ints per upper layer
        Assert.Equal(new byte[256 - 210], bytes[210..256]); // levels padded to 64
        // Layer 0 at 256: node 0 = [1 link: node 1, 0, 0, 0], node 1 = [1 link: node 0, 0, 0, 0].
        int[] links = Enumerable.Range(0, 10).Select(i => BitConverter.ToInt32(bytes, 256 + 4 * i)).ToArray();
        Assert.Equal([1, 1, 0, 0, 0, 1, 0, 0, 0, 0], links);
        long dataOffset = (296 + 4 * upper + 63) / 64 * 64;
        Assert.Equal(dataOffset + 24, bytes.Length);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(f[(int)dataOffset..]));
        Assert.Equal(6f, BinaryPrimitives.ReadSingleLittleEndian(f[(int)(dataOffset + 20)..]));
        Assert.Equal(bytes.Length - 128L, BinaryPrimitives.ReadInt64LittleEndian(f[104..]));
        Assert.Equal(XxHash3.HashToUInt64(f[128..]), BinaryPrimitives.ReadUInt64LittleEndian(f[112..]));
        Assert.Equal(XxHash3.HashToUInt64(f[..120]), BinaryPrimitives.ReadUInt64LittleEndian(f[120..]));
    }

    [Fact]
    public void Read_Loads_StoredVersion1File()
    {
        // TestData/search/v1-hnsw-small.eki was written once by VectorIndexFile.Write (version 1) from
        // V1HnswSmall.Build() and committed; it must keep loading in every later version, with its parameters.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "search", "v1-hnsw-small.eki");

        var header = VectorIndexFile.ReadHeader(path);
        var index = Assert.IsType<HnswIndex>(VectorIndexFile.Read(path));

        Assert.Equal(1u, header.Version);
        Assert.Equal("HNSW", header.Kind);
        Assert.Equal(Metric.L2, index.Metric);
        Assert.Equal(V1HnswSmall.Dimension, index.Dimension);
        Assert.Equal(V1HnswSmall.Options with { Threads = 0 }, index.Options);
        long[] expected = Enumerable.Range(0, V1HnswSmall.Added).Select(V1HnswSmall.IdOf).Except(V1HnswSmall.Removed).ToArray();
        Assert.Equal(expected, index.Ids);
        var vector = new float[V1HnswSmall.Dimension];
        foreach (long id in expected)
        {
            Assert.True(index.TryGetVector(id, vector));
            Assert.Equal(V1HnswSmall.VectorOf(id), vector);
        }
        // Each stored vector is its own nearest: ef = count searches the whole (connected) graph.
        var found = index.Search(expected.SelectMany(V1HnswSmall.VectorOf).ToArray(), 1, new HnswSearchParameters { Ef = 40 });
        Assert.Equal(expected, found.Ids);
        Assert.All(found.Scores, s => Assert.Equal(0f, s));
        Assert.False(index.Contains(V1HnswSmall.Removed[0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(2000)]
    public void Read_Rejects_TruncatedFile(int cut)
    {
        string path = WriteSample();
        long length = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(length - cut);

        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"truncated: header says {length - 128} bytes after the 128-byte header", e.Message);
    }

    [Theory]
    [InlineData(140)] // the seed
    [InlineData(300)] // the ids
    [InlineData(-1)] // the last byte of the vectors
    public void Read_Rejects_FlippedPayloadByte(int offset)
    {
        string path = WriteSample();
        FlipByte(path, offset >= 0 ? offset : new FileInfo(path).Length - 1);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.StartsWith($"{path}: checksum mismatch in payload: file is corrupted", e.Message);
    }

    [Fact]
    public void Read_Rejects_AFlippedLinkByte_EvenWithoutTheChecksum()
    {
        // A link byte changed in layer 0 (offset: first node's count at the links offset): with the checksum it is a
        // checksum mismatch; without it, the graph check still refuses it (it would make a search read out of range).
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        int count = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24));
        long linksOffset = (192 + 9L * count + 63) / 64 * 64;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)linksOffset + 4), 1 << 20);
        File.WriteAllBytes(path, bytes);

        Assert.Contains("checksum mismatch in payload", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path, verifyChecksum: false));
        Assert.Contains("links: node 0 links to 1048576 on layer 0, which is not another node of that layer; the file is corrupted", e.Message);
        Assert.Equal("links", e.Field);
    }

    [Fact]
    public void Read_Rejects_ParametersOutOfRange_WithValidChecksums()
    {
        string path = WriteSample();
        RewritePayload(path, p => BinaryPrimitives.WriteInt32LittleEndian(p, 1)); // M = 1
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("parameters: M: expected 2..1024, found 1", e.Message);
        Assert.Equal("M", e.Field);
    }

    [Fact]
    public void Read_Rejects_AnEntryPointThatIsNotOfTheTopLevel_WithValidChecksums()
    {
        string path = WriteSample();
        RewritePayload(path, p => BinaryPrimitives.WriteInt32LittleEndian(p[24..], 99)); // top level
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("entry point: expected a node of the highest level", e.Message);
        Assert.Contains("the file is corrupted", e.Message);
    }

    [Fact]
    public void Read_Rejects_UnknownVersion_AndTrailingBytes()
    {
        string path = WriteSample();
        using (var f = new FileStream(path, FileMode.Append)) f.WriteByte(0);
        Assert.Contains("unexpected trailing bytes", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);

        path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(120), XxHash3.HashToUInt64(bytes.AsSpan(0, 120)));
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("unsupported index file version: expected 1, found 2", e.Message);
    }

    [Fact]
    public void Write_WaitsForConcurrentAdds_AndSavesAConsistentGraph()
    {
        // Saving takes the graph while no add is half done: whatever the timing, the file loads (its graph check
        // passes) and holds a whole number of the 25-vector batches added meanwhile.
        const int d = 8;
        var index = new HnswIndex(d, Metric.L2, new HnswOptions { Threads = 1 });
        index.Add(Enumerable.Range(0, 500).Select(i => (long)i).ToArray(), BruteForce.Random(500, d, 4));
        var adder = new Thread(() =>
        {
            for (int b = 0; b < 20; b++)
                index.Add(Enumerable.Range(1000 + b * 25, 25).Select(i => (long)i).ToArray(), BruteForce.Random(25, d, 10 + b));
        });
        adder.Start();
        string path = _folder.File("busy.eki");
        for (int i = 0; i < 5; i++)
        {
            VectorIndexFile.Write(path, index);
            var back = VectorIndexFile.Read(path);
            Assert.Equal(0, (back.Count - 500) % 25);
        }
        adder.Join();
    }

    private string WriteSample()
    {
        string path = _folder.File("sample.eki");
        var index = new HnswIndex(4, Metric.Cosine, new HnswOptions { M = 4, Threads = 1 });
        index.Add(Enumerable.Range(0, 300).Select(i => (long)i).ToArray(), BruteForce.Random(300, 4, 6));
        VectorIndexFile.Write(path, index);
        return path;
    }

    /// <summary>Changes the HNSW parameter block (bytes 128..191) and recomputes both checksums, so that only the field check can refuse the file.</summary>
    private static void RewritePayload(string path, SpanAction edit)
    {
        byte[] bytes = File.ReadAllBytes(path);
        edit(bytes.AsSpan(128, 64));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(112), XxHash3.HashToUInt64(bytes.AsSpan(128)));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(120), XxHash3.HashToUInt64(bytes.AsSpan(0, 120)));
        File.WriteAllBytes(path, bytes);
    }

    private delegate void SpanAction(Span<byte> bytes);

    private static void FlipByte(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        int b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x01));
    }
}
