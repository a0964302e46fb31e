using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class EmbeddingFormatsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("a.ekv", EmbeddingFormat.Ekv)]
    [InlineData("a.npy", EmbeddingFormat.Npy)]
    [InlineData("a.bin", EmbeddingFormat.Word2VecBinary)]
    [InlineData("a.bin.gz", EmbeddingFormat.Word2VecBinary)]
    [InlineData("a.txt", EmbeddingFormat.Word2VecText)]
    [InlineData("dir.with.dots/A.VEC", EmbeddingFormat.Word2VecText)]
    [InlineData("a.w2v", EmbeddingFormat.Word2VecText)]
    [InlineData("a.txt.gz", EmbeddingFormat.Word2VecText)]
    [InlineData("a.tsv", EmbeddingFormat.Tsv)]
    [InlineData("a.tsv.gz", EmbeddingFormat.Tsv)]
    public void Detect_Maps_ExtensionToFormat(string path, EmbeddingFormat expected)
    {
        Assert.Equal(expected, EmbeddingFormats.Detect(path));
    }

    [Theory]
    [InlineData("vectors.csv", "'.csv'")]
    [InlineData("vectors", "no extension")]
    [InlineData("vectors.npy.gz", "'.gz'")]
    public void Detect_Rejects_UnknownExtension_ListingAcceptedOnes(string path, string found)
    {
        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFormats.Detect(path));
        Assert.Contains("expected one of .ekv, .npy, .bin, .bin.gz, .txt, .txt.gz, .vec, .vec.gz, .w2v, .w2v.gz, .tsv, .tsv.gz", e.Message);
        Assert.Contains($"found {found}", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("v.ekv")]
    [InlineData("v.npy")]
    [InlineData("v.bin")]
    [InlineData("v.bin.gz")]
    [InlineData("v.txt")]
    [InlineData("v.vec")]
    [InlineData("v.txt.gz")]
    [InlineData("v.tsv")]
    [InlineData("v.tsv.gz")]
    public void Write_Then_Read_RoundTripsThroughEveryFormat(string name)
    {
        var set = TestSets.Make(25, 6, TestSets.UnicodeId);
        string path = _folder.File(name);
        EmbeddingFormats.Write(path, set);

        var back = EmbeddingFormats.Read(path);

        TestSets.AssertSameBits(set, back);
        if (name.EndsWith(".ekv")) Assert.Equal("test", back.Provenance.Method);
        else Assert.Equal(Provenance.Imported(path).Method, back.Provenance.Method);
        Assert.DoesNotContain(_folder.FileNames(), f => f.Contains(".tmp-"));
    }

    [Fact]
    public void Read_Rejects_MissingFile_NamingIt()
    {
        string path = _folder.File("absent.tsv");

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFormats.Read(path));
        Assert.Equal(path, e.File);
    }

    [Theory]
    [InlineData("x.ekv")]
    [InlineData("x.npy")]
    [InlineData("x.txt")]
    public void Write_Rejects_MissingFolder_NamingIt(string name)
    {
        string folder = _folder.File("missing");

        var e = Assert.Throws<InvalidInputException>(() => EmbeddingFormats.Write(Path.Combine(folder, name), TestSets.Make(1, 1)));
        Assert.Contains($"found no folder '{folder}'", e.Message);
    }
}
