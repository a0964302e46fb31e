using System.Buffers.Binary;
using System.Text;
using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class NpyFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "formats", name);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(1000, 17)]
    [InlineData(0, 4)]
    public void Write_Then_Read_PreservesIdsAndExactBits(int n, int d)
    {
        var set = TestSets.Make(n, d, TestSets.SpacedUnicodeId);
        string path = _folder.File("v.npy");
        NpyFormat.Write(path, set);

        var back = NpyFormat.Read(path);

        TestSets.AssertSameBits(set, back);
        Assert.Equal(["v.ids.txt", "v.npy"], _folder.FileNames());
    }

    [Fact]
    public void Header_Of2x3_IsExactlyNumpys()
    {
        // From numpy/lib/format.py (_write_array_header, _wrap_header), worked out by hand:
        // dict "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" is 59 chars, plus
        // GROWTH_AXIS_MAX_DIGITS (21) - len("2") = 20 spare spaces, plus '\n' => 80 bytes; 10 + 80 = 90,
        // so 38 more spaces pad to 128. Header length field = 118 = 0x76. numpy 1.24 wrote the same bytes
        // (TestData/formats/numpy-f4-2x3.npy, see make_numpy_fixtures.py).
        byte[] expected =
        [
            0x93, .. "NUMPY"u8, 0x01, 0x00, 0x76, 0x00,
            .. "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"u8,
            .. Enumerable.Repeat((byte)' ', 20 + 38), (byte)'\n',
        ];
        Assert.Equal(128, expected.Length);

        Assert.Equal(expected, NpyFormat.Header(2, 3));
        Assert.Equal(expected, File.ReadAllBytes(Fixture("numpy-f4-2x3.npy"))[..128]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 100)]
    [InlineData(123456789, 768)]
    [InlineData(int.MaxValue, 1)]
    public void Header_IsPaddedToA64ByteMultipleEndingInNewline(int n, int d)
    {
        byte[] header = NpyFormat.Header(n, d);

        Assert.Equal(0, header.Length % 64);
        Assert.Equal((byte)'\n', header[^1]);
        Assert.Equal(header.Length - 10, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)));
        Assert.Contains($"'shape': ({n}, {d}), }}", Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void Write_Produces_NumpyBytes()
    {
        var set = new EmbeddingSet(["a", "b"], 3, [0f, 1.5f, -2f, 0.1f, 1f / 3f, 3.4028235e38f], Provenance.Imported(null));
        string path = _folder.File("same.npy");
        NpyFormat.Write(path, set);

        Assert.Equal(File.ReadAllBytes(Fixture("numpy-f4-2x3.npy")), File.ReadAllBytes(path));
        Assert.Equal("a\nb\n", File.ReadAllText(_folder.File("same.ids.txt")));
    }

    [Fact]
    public void Read_Loads_NumpyWrittenFloat32_WithNumberedIds()
    {
        var set = NpyFormat.Read(Fixture("numpy-f4-2x3.npy"));

        Assert.Equal(["0", "1"], set.Ids);
        Assert.Equal(3, set.Dimension);
        Assert.Equal([0f, 1.5f, -2f, 0.1f, 1f / 3f, 3.4028235e38f], set.Data.ToArray());
        Assert.Equal("imported", set.Provenance.Method);
    }

    [Fact]
    public void Read_Loads_NumpyWrittenFloat64_AsFloat32()
    {
        var set = NpyFormat.Read(Fixture("numpy-f8-2x2.npy"));

        Assert.Equal([(float)0.1, -0.25f, 3f, (float)1e-3], set.Data.ToArray());
    }

    [Fact]
    public void Read_Loads_Version2Header()
    {
        var set = NpyFormat.Read(Fixture("numpy-v2-f4-2x3.npy"));

        Assert.Equal([0f, 1.5f, -2f, 0.1f, 1f / 3f, 3.4028235e38f], set.Data.ToArray());
    }

    [Fact]
    public void Read_Rejects_FortranOrder()
    {
        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Read(Fixture("numpy-fortran-2x3.npy")));
        Assert.Contains("expected C order (fortran_order False), found fortran_order True", e.Message);
        Assert.Equal("fortran_order", e.Field);
    }

    [Fact]
    public void Read_Rejects_OneDimensionalArray()
    {
        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Read(Fixture("numpy-1d.npy")));
        Assert.Contains("expected a 2-D array (count, dimension), found (3,)", e.Message);
    }

    [Fact]
    public void Read_Rejects_UnsupportedDtype()
    {
        string path = _folder.File("i.npy");
        byte[] bytes = File.ReadAllBytes(Fixture("numpy-f4-2x3.npy"));
        "<i4"u8.CopyTo(bytes.AsSpan(bytes.AsSpan().IndexOf("<f4"u8)));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Read(path));
        Assert.Contains("expected '<f4' (float32) or '<f8' (float64, converted), found '<i4'", e.Message);
    }

    [Fact]
    public void Read_Rejects_TruncatedData()
    {
        string path = _folder.File("t.npy");
        File.WriteAllBytes(path, File.ReadAllBytes(Fixture("numpy-f4-2x3.npy"))[..^1]);

        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Read(path));
        Assert.Contains("truncated: shape (2, 3) of '<f4' needs 24 bytes of data at offset 128, so the file should have 152 bytes; file has 151", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_Rejects_WrongMagic()
    {
        string path = _folder.File("m.npy");
        File.WriteAllBytes(path, "PK\x03\x04 not numpy at all"u8.ToArray());

        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Read(path));
        Assert.Contains("not a .npy file", e.Message);
    }

    [Fact]
    public void Read_Rejects_SidecarWithWrongNumberOfIds()
    {
        string path = _folder.File("s.npy");
        File.Copy(Fixture("numpy-f4-2x3.npy"), path);
        File.WriteAllText(_folder.File("s.ids.txt"), "only one\n");

        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Read(path));
        Assert.Contains("expected 2 ids (one per row of the .npy file), found 1", e.Message);
        Assert.Contains("s.ids.txt", e.Message);
    }

    [Fact]
    public void Read_Uses_SidecarIds_SkippingBomAndCrLf()
    {
        string path = _folder.File("b.npy");
        File.Copy(Fixture("numpy-f4-2x3.npy"), path);
        File.WriteAllBytes(_folder.File("b.ids.txt"), [0xEF, 0xBB, 0xBF, .. "first id\r\nsecond\r\n"u8]);

        Assert.Equal(["first id", "second"], NpyFormat.Read(path).Ids);
    }

    [Fact]
    public void Write_Rejects_IdWithNewline_AndWritesNothing()
    {
        string path = _folder.File("n.npy");
        var set = new EmbeddingSet(["a", "b\nc"], 1, [1, 2], Provenance.Imported(null));

        var e = Assert.Throws<InvalidInputException>(() => NpyFormat.Write(path, set));
        Assert.Contains("row 1", e.Message);
        Assert.Empty(_folder.FileNames());
    }

    [Fact]
    public void IdsPath_ReplacesTheExtension()
    {
        Assert.Equal(Path.Combine("out", "vectors.ids.txt"), NpyFormat.IdsPath(Path.Combine("out", "vectors.npy")));
    }
}
