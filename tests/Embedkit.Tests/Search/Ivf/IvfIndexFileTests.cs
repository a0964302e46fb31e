using System.Buffers.Binary;
using System.IO.Hashing;
using Embedkit.Search;
using Embedkit.Tests.IO;

namespace Embedkit.Tests.Search.Ivf;

/// <summary>IVF kinds of the .eki file: round trips, and refusal of corrupted, truncated and wrong-version files.</summary>
public sealed class IvfIndexFileTests : IDisposable
{
    private const int D = 12;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, Metric> Kinds() => new()
    {
        { "IVF8,Flat", Metric.L2 },
        { "IVF8,Flat", Metric.Cosine },
        { "IVF8,SQ8", Metric.InnerProduct },
        { "IVF8,PQ4", Metric.L2 },
        { "IVF8,F16", Metric.Cosine },
        { "IVF8,BIN2", Metric.L2 },
        { "IVF8,PQ4,Refine(Flat)", Metric.L2 },
        { "IVF8,SQ8,Refine(F16)", Metric.Cosine },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Write_Then_Read_KeepsKindIdsAndResults(string kind, Metric metric)
    {
        // The reference is the index before saving: the loaded one must hold the same ids and vectors and give
        // the same results bit for bit.
        IVectorIndex index = IndexFactory.Create(kind, D, metric);
        float[] vectors = IvfData.Clustered(500, D, 8, 0.3, seed: 40);
        long[] ids = IvfData.Ids(500).Select(i => i * 13 - 1000).ToArray();
        index.Add(ids, vectors);
        index.Remove(ids.Where((_, i) => i % 4 == 0).ToArray());
        string path = _folder.File("x.eki");
        VectorIndexFile.Write(path, index);

        Assert.Equal(kind, VectorIndexFile.ReadHeader(path).Kind);
        IVectorIndex back = VectorIndexFile.Read(path);
        Assert.Equal(kind, IndexFactory.SpecOf(back).ToString());
        Assert.Equal(index.Count, back.Count);
        Assert.Equal(metric, back.Metric);
        float[] queries = IvfData.Clustered(30, D, 8, 0.3, seed: 41);
        SearchParameters parameters = kind.Contains("Refine", StringComparison.Ordinal)
            ? new RefineSearchParameters { Coarse = new IvfSearchParameters { NProbe = 3 } }
            : new IvfSearchParameters { NProbe = 3 };
        Neighbors before = index.Search(queries, 7, parameters), after = back.Search(queries, 7, parameters);
        Assert.Equal(before.Ids, after.Ids);
        Assert.Equal(before.Scores, after.Scores);
        var lookup = back.GetService<IVectorLookup>()!;
        Assert.Equal(index.GetService<IVectorLookup>()!.Ids.Order(), lookup.Ids.Order());

        // The loaded index keeps working: add, remove, search.
        back.Add([1_000_000], vectors.AsSpan(0, D));
        Assert.Equal(1, back.Remove([1_000_000]));
    }

    [Fact]
    public void WriteAndRead_AnUntrainedEmptyIndex_ThatTrainsLater()
    {
        IVectorIndex index = IndexFactory.Create("IVF4,PQ3", D, Metric.L2);
        string path = _folder.File("empty.eki");
        VectorIndexFile.Write(path, index);
        IVectorIndex back = VectorIndexFile.Read(path);
        Assert.False(back.GetService<ITrainableIndex>()!.IsTrained);
        back.Add(IvfData.Ids(300), IvfData.Clustered(300, D, 4, 0.3, seed: 42));
        Assert.Equal(300, back.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Read_Refuses_ATruncatedFile(int cut)
    {
        string path = WriteSmall();
        long length = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(length - cut);
        Assert.Contains("truncated", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
    }

    [Fact]
    public void Read_Refuses_ACorruptedPayload_ByItsChecksum()
    {
        string path = WriteSmall();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[300] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path));
        Assert.Contains("checksum mismatch in payload: file is corrupted", e.Message);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Read_Refuses_AWrongVersion()
    {
        string path = WriteSmall();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("unsupported index file version: expected 1, found 2", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
    }

    [Fact]
    public void Read_Refuses_ListSizesThatDoNotSumToTheCount_EvenWithAValidChecksum()
    {
        // A payload that passes its checksum but contradicts the header: list 0's size (at 192 + 8 × 12 × 4 = 576) is raised by one.
        string path = WriteSmall();
        byte[] bytes = File.ReadAllBytes(path);
        int at = 192 + 8 * D * 4;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) + 1);
        Rehash(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("the list sizes sum to 41, the header's count is 40", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
    }

    [Fact]
    public void Read_Refuses_ANonFiniteCentroid_AndAListCountThatDiffersFromTheKind()
    {
        string path = WriteSmall();
        byte[] original = File.ReadAllBytes(path);
        byte[] bytes = (byte[])original.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(192 + 4 * 5), float.NaN);
        Rehash(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("centroids: value 5 is NaN, expected a finite number", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);

        bytes = (byte[])original.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(128), 9);
        Rehash(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("lists: the kind says 8, the parameters 9", Assert.Throws<InvalidInputException>(() => VectorIndexFile.Read(path)).Message);
    }

    [Fact]
    public void Read_LoadsTheStoredVersion1File()
    {
        // TestData/search/v1-ivf2-sq8-small.eki was written once from V1IvfSmall.Build(). Worked out by hand: the two
        // groups are 10·√4 = 20 apart, so k-means puts each in its own list; the query (10, 10, 10, 10.4) probes only
        // the nearest list (nprobe 1) and finds 200 (distance 0.16), 204 (0.36), then 202 and 203 (1.16 each,
        // up to SQ8 rounding), never an id of the other group, nor the removed 201.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "search", "v1-ivf2-sq8-small.eki");
        IVectorIndex stored = VectorIndexFile.Read(path);
        Assert.Equal("IVF2,SQ8", IndexFactory.SpecOf(stored).ToString());
        Assert.Equal(9, stored.Count);
        Assert.False(stored.GetService<IVectorLookup>()!.Contains(V1IvfSmall.Removed));
        float[] query = [10f, 10f, 10f, 10.4f];
        Neighbors found = stored.Search(query, 5, new IvfSearchParameters { NProbe = 1 });
        Assert.Equal(200, found.Ids[0]);
        Assert.Equal(204, found.Ids[1]);
        Assert.Equal([202L, 203L], found.Ids[2..4].Order());
        Assert.Equal(-1, found.Ids[4]);
        Assert.Equal(0.16, found.Scores[0], 0.02);
        Assert.Equal(0.36, found.Scores[1], 0.02);
        Assert.Equal(1.16, found.Scores[2], 0.02);
        Neighbors rebuilt = V1IvfSmall.Build().Search(query, 5, new IvfSearchParameters { NProbe = 1 });
        Assert.Equal(rebuilt.Ids, found.Ids);
        Assert.Equal(rebuilt.Scores, found.Scores);
    }

    /// <summary>An IVF8,Flat index of 40 vectors, saved.</summary>
    private string WriteSmall()
    {
        IVectorIndex index = IndexFactory.Create("IVF8,Flat", D, Metric.L2);
        index.Add(IvfData.Ids(40), IvfData.Clustered(40, D, 8, 0.2, seed: 43));
        string path = _folder.File("small.eki");
        VectorIndexFile.Write(path, index);
        return path;
    }

    /// <summary>Recomputes the payload and header checksums after an edit, so that the reader's semantic checks are what refuses it.</summary>
    private static void Rehash(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(112), XxHash3.HashToUInt64(bytes.AsSpan(128)));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(120), XxHash3.HashToUInt64(bytes.AsSpan(0, 120)));
    }
}
