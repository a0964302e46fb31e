using Embedkit.IO;

namespace Embedkit.Tests.IO;

public sealed class EmbeddingInfoTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_DescribesAnEkvFile_FromItsHeader()
    {
        var set = new EmbeddingSet(["a", "b", "c", "d", "e", "f"], 2, new float[12],
            new Provenance("fastrp", [new("dimension", "2")], 7, "g.tsv"));
        string path = _folder.File("x.ekv");
        EmbeddingFile.Write(path, set);

        var info = EmbeddingInfo.Read(path);

        Assert.Equal(("ekv", 1, 6L, 2), (info.Format, info.Version!.Value, info.Count, info.Dimension));
        Assert.Equal(["a", "b", "c", "d", "e"], info.FirstIds); // five shown of six
        Assert.Equal("fastrp", info.Provenance.Method);
        Assert.Equal(7UL, info.Provenance.Seed);
        Assert.True(info.Verified);
    }

    [Fact]
    public void Read_Rejects_CorruptedData_UnlessVerificationIsOff()
    {
        string path = _folder.File("x.ekv");
        EmbeddingFile.Write(path, TestSets.Make(50, 8));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x40; // a byte inside the last vector
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingInfo.Read(path));
        Assert.Contains("checksum mismatch in data block", e.Message);
        Assert.Contains(path, e.Message);
        Assert.False(EmbeddingInfo.Read(path, verify: false).Verified);
    }

    [Fact]
    public void Read_Rejects_TruncatedFile()
    {
        string path = _folder.File("x.ekv");
        EmbeddingFile.Write(path, TestSets.Make(50, 8));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var e = Assert.Throws<InvalidInputException>(() => EmbeddingInfo.Read(path));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_DescribesOtherFormats_ByReadingThem()
    {
        string path = _folder.File("x.npy");
        NpyFormat.Write(path, TestSets.Make(3, 4));
        var info = EmbeddingInfo.Read(path);
        Assert.Equal(("npy", (int?)null, 3L, 4, "imported", false), (info.Format, info.Version, info.Count, info.Dimension, info.Provenance.Method, info.Verified));
    }
}
