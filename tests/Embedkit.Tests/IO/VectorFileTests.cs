using System.IO.Compression;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public sealed class VectorFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // One fvecs row of dimension 2: 1.0, 2.0.
    private static readonly byte[] Fvecs = [2, 0, 0, 0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40];

    [Fact]
    public void Read_ChoosesTheReaderByName()
    {
        Assert.Equal([1f, 2f], VectorFile.Read(Write("a.fvecs", Fvecs)).Data);
        Assert.Equal([1f, 2f], VectorFile.Read(Write("a.bvecs", [2, 0, 0, 0, 1, 2])).Data);
        Assert.Equal([7f], VectorFile.Read(Write("train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7])).Data);
        Assert.Equal([7f], VectorFile.Read(Write("t10k-images.idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7])).Data);
        Assert.Equal(5, VectorFile.Read(Hdf5FormatTests.Fixture).Rows); // "train" by default
        Assert.Equal(2, VectorFile.Read(Hdf5FormatTests.Fixture, "test").Rows);
    }

    [Fact]
    public void Read_Reads_NpyThroughNpyFormat()
    {
        string path = _folder.File("x.npy");
        NpyFormat.Write(path, new EmbeddingSet(["a", "b"], 2, [1, 2, 3, 4], Provenance.Imported(null)));
        var m = VectorFile.Read(path);
        Assert.Equal(2, m.Rows);
        Assert.Equal([1f, 2f, 3f, 4f], m.Data);
    }

    [Fact]
    public void Read_Reads_Gzip()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(Fvecs);
        Assert.Equal([1f, 2f], VectorFile.Read(Write("a.fvecs.gz", buffer.ToArray())).Data);
    }

    [Fact]
    public void ReadIntegers_ChoosesTheReaderByName()
    {
        Assert.Equal([5], VectorFile.ReadIntegers(Write("gt.ivecs", [1, 0, 0, 0, 5, 0, 0, 0])).Data);
        Assert.Equal([3, 1], VectorFile.ReadIntegers(Write("t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 2, 3, 1])).Data);
        Assert.Equal([0, 1, 1, 4], VectorFile.ReadIntegers(Hdf5FormatTests.Fixture).Data); // "neighbors" by default
    }

    [Fact]
    public void Read_Refuses_IntegerFiles_PointingToReadIntegers()
    {
        var ivecs = Assert.Throws<InvalidInputException>(() => VectorFile.Read(Write("gt.ivecs", [1, 0, 0, 0, 5, 0, 0, 0])));
        Assert.Contains("read it with ReadIntegers", ivecs.Message);
        var labels = Assert.Throws<InvalidInputException>(() => VectorFile.Read(Write("l-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 0])));
        Assert.Contains("read it with ReadIntegers", labels.Message);
        Assert.Contains("read it with Read", Assert.Throws<InvalidInputException>(() => VectorFile.ReadIntegers(Write("b.fvecs", Fvecs))).Message);
    }

    [Fact]
    public void Read_Rejects_UnknownName_ListingTheFormats()
    {
        var e = Assert.Throws<InvalidInputException>(() => VectorFile.Read(Write("vectors.csv", [1])));
        Assert.Contains("unknown vector file format: expected .fvecs, .bvecs, .ivecs", e.Message);
        Assert.Equal("extension", e.Field);
    }

    [Fact]
    public void Read_Rejects_NaN_NamingRowAndColumn()
    {
        // Two fvecs rows of dimension 2: (1, 2), (3, NaN); NaN is 00 00 c0 7f.
        byte[] bytes = [.. Fvecs, 2, 0, 0, 0, 0, 0, 0x40, 0x40, 0, 0, 0xc0, 0x7f];
        var e = Assert.Throws<InvalidInputException>(() => VectorFile.Read(Write("nan.fvecs", bytes)));
        Assert.Contains("row 1, column 1: expected a finite number, found NaN", e.Message);
    }
}
