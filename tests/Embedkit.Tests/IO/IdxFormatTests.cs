using System.IO.Compression;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public sealed class IdxFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // An idx3 ubyte file of 2 images of 2 × 3 pixels, byte by byte: magic 00 00 08 03, then the dimensions
    // 2, 2, 3 as big-endian int32, then 12 pixel bytes.
    private static readonly byte[] Images =
    [
        0, 0, 0x08, 0x03, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
        0, 1, 2, 3, 4, 5,
        250, 251, 252, 253, 254, 255,
    ];

    [Fact]
    public void ReadVectors_FlattensEachImageIntoARow()
    {
        var m = IdxFormat.ReadVectors(Write("x-idx3-ubyte", Images));
        Assert.Equal(2, m.Rows);
        Assert.Equal(6, m.Dimension);
        Assert.Equal([0f, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255], m.Data);
    }

    [Fact]
    public void ReadIntegers_Reads_Idx1Labels()
    {
        // magic 00 00 08 01, 4 labels: 9, 0, 3, 7.
        var m = IdxFormat.ReadIntegers(Write("l-idx1-ubyte", [0, 0, 0x08, 0x01, 0, 0, 0, 4, 9, 0, 3, 7]));
        Assert.Equal(4, m.Rows);
        Assert.Equal(1, m.Columns);
        Assert.Equal([9, 0, 3, 7], m.Data);
    }

    [Fact]
    public void ReadVectors_Reads_BigEndianFloatsAndInts()
    {
        // float32 (0x0d), 1 × 2: 1.5 = 3f c0 00 00, −2 = c0 00 00 00; int16 (0x0b), 2 × 1: 258 = 01 02, −1 = ff ff.
        var floats = IdxFormat.ReadVectors(Write("f-idx2-ubyte", [0, 0, 0x0d, 0x02, 0, 0, 0, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]));
        Assert.Equal([1.5f, -2f], floats.Data);
        var shorts = IdxFormat.ReadIntegers(Write("s-idx1-ubyte", [0, 0, 0x0b, 0x01, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xff]));
        Assert.Equal([258, -1], shorts.Data);
    }

    [Fact]
    public void ReadVectors_Reads_GzippedFile_AndRefusesATruncatedOne()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(Images);
        byte[] gz = buffer.ToArray();
        Assert.Equal(12, IdxFormat.ReadVectors(Write("x-idx3-ubyte.gz", gz)).Data.Length);
        // Cut inside the trailer: GZipStream alone returns all the data; CheckedGZipStream sees the trailer is missing.
        var e = Assert.Throws<InvalidInputException>(() => IdxFormat.ReadVectors(Write("cut-idx3-ubyte.gz", gz[..^3])));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void ReadVectors_Rejects_ShortAndLongData()
    {
        var shortData = Assert.Throws<InvalidInputException>(() => IdxFormat.ReadVectors(Write("s-idx3-ubyte", Images[..^1])));
        Assert.Contains("truncated: the header says 2 × 6 ubyte = 12 bytes of data, the file has 11", shortData.Message);
        var longData = Assert.Throws<InvalidInputException>(() => IdxFormat.ReadVectors(Write("l-idx3-ubyte", [.. Images, 0])));
        Assert.Contains("unexpected trailing bytes", longData.Message);
    }

    [Fact]
    public void ReadVectors_Rejects_WrongMagic_AndUnknownType()
    {
        var magic = Assert.Throws<InvalidInputException>(() => IdxFormat.ReadVectors(Write("m-idx3-ubyte", [1, 0, 8, 3])));
        Assert.Contains("not an idx file: expected the magic 00 00 <type> <dimensions>, found 01000803", magic.Message);
        var type = Assert.Throws<InvalidInputException>(() => IdxFormat.ReadVectors(Write("t-idx3-ubyte", [0, 0, 0x07, 1, 0, 0, 0, 0])));
        Assert.Contains("unsupported idx type 0x07", type.Message);
    }

    [Fact]
    public void ReadIntegers_Rejects_FloatValues()
    {
        var e = Assert.Throws<InvalidInputException>(() => IdxFormat.ReadIntegers(Write("f-idx1-ubyte", [0, 0, 0x0d, 0x01, 0, 0, 0, 0])));
        Assert.Contains("expected integer values, found float32", e.Message);
    }
}
