using System.IO.Compression;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public sealed class VecsFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // Two rows of dimension 2, written byte by byte: int32 2 (02 00 00 00), then float32 1.0 (00 00 80 3f),
    // −2.0 (00 00 00 c0); int32 2, 0.5 (00 00 00 3f), 3.0 (00 00 40 40).
    private static readonly byte[] TwoByTwo =
    [
        0x02, 0, 0, 0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0,
        0x02, 0, 0, 0, 0, 0, 0, 0x3f, 0, 0, 0x40, 0x40,
    ];

    [Fact]
    public void ReadFvecs_Reads_HandWrittenRows()
    {
        var m = VecsFormat.ReadFvecs(Write("a.fvecs", TwoByTwo));
        Assert.Equal(2, m.Rows);
        Assert.Equal(2, m.Dimension);
        Assert.Equal([1f, -2f, 0.5f, 3f], m.Data);
    }

    [Fact]
    public void ReadBvecs_Reads_BytesAsFloats()
    {
        // dimension 3: bytes 0, 128, 255; then 1, 2, 3.
        var m = VecsFormat.ReadBvecs(Write("a.bvecs", [3, 0, 0, 0, 0, 128, 255, 3, 0, 0, 0, 1, 2, 3]));
        Assert.Equal(3, m.Dimension);
        Assert.Equal([0f, 128f, 255f, 1f, 2f, 3f], m.Data);
    }

    [Fact]
    public void ReadIvecs_Reads_Int32Rows()
    {
        // dimension 1: 7, then −1 (ff ff ff ff), then 65536 (00 00 01 00).
        var m = VecsFormat.ReadIvecs(Write("gt.ivecs", [1, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 1, 0]));
        Assert.Equal(3, m.Rows);
        Assert.Equal(1, m.Columns);
        Assert.Equal([7, -1, 65536], m.Data);
    }

    [Fact]
    public void ReadFvecs_Rejects_RowWithAnotherDimension_NamingTheRow()
    {
        // Rows 0 and 1 of dimension 2, row 2 says dimension 3.
        byte[] bytes = [.. TwoByTwo, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var e = Assert.Throws<InvalidInputException>(() => VecsFormat.ReadFvecs(Write("bad.fvecs", bytes)));
        Assert.Contains("row 2: dimension header says 3, expected 2 like row 0", e.Message);
        Assert.Equal("dimension", e.Field);
    }

    [Theory]
    [InlineData(1)] // inside the last value
    [InlineData(9)] // inside the last row's header
    public void ReadFvecs_Rejects_FileEndingInsideARow(int cut)
    {
        var e = Assert.Throws<InvalidInputException>(() => VecsFormat.ReadFvecs(Write("cut.fvecs", TwoByTwo[..^cut])));
        Assert.Contains("truncated: the file ends inside row 1; each row is 12 bytes", e.Message);
    }

    [Fact]
    public void ReadFvecs_Rejects_EmptyFile_AndNonsenseDimension()
    {
        Assert.Contains("empty file", Assert.Throws<InvalidInputException>(() => VecsFormat.ReadFvecs(Write("e.fvecs", []))).Message);
        var e = Assert.Throws<InvalidInputException>(() => VecsFormat.ReadFvecs(Write("n.fvecs", [0, 0, 0, 0x80, 1, 2, 3, 4])));
        Assert.Contains("row 0: expected a dimension header in 1..", e.Message);
    }

    [Fact]
    public void ReadFvecs_Reads_GzippedFile_AndRefusesATruncatedOne()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(TwoByTwo);
        byte[] gz = buffer.ToArray();
        Assert.Equal([1f, -2f, 0.5f, 3f], VecsFormat.ReadFvecs(Write("a.fvecs.gz", gz)).Data);
        var e = Assert.Throws<InvalidInputException>(() => VecsFormat.ReadFvecs(Write("cut.fvecs.gz", gz[..^4])));
        Assert.Contains("truncated", e.Message);
    }
}
