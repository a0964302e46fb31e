using System.IO.Compression;
using System.Text;
using Embedkit.Graphs;
using Embedkit.Tests.Cli;
using Embedkit.Tests.IO;

namespace Embedkit.Tests;

public sealed class CheckedGZipStreamTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    [Fact]
    public void Read_Rejects_TruncatedGzipEdgeList()
    {
        // BlogCatalog's gzip cut in half: GZipStream alone would return the first ~half of the edges.
        byte[] whole = File.ReadAllBytes(CliRunner.Data("blogcatalog/edges.tsv.gz"));
        string path = _folder.File("half.tsv.gz");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var e = Assert.Throws<InvalidInputException>(() => EdgeListReader.Read(path, new EdgeListOptions()));
        Assert.Contains("half.tsv.gz", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_Rejects_GzipWithCorruptedTrailer()
    {
        byte[] bytes = Gzip("a\tb\nb\tc\n");
        bytes[^6] ^= 0xFF; // inside the CRC-32 of the trailer
        string path = _folder.File("bad.tsv.gz");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => EdgeListReader.Read(path, new EdgeListOptions()));
        Assert.Contains("corrupted", e.Message); // GZipStream itself or our trailer check
    }

    [Fact]
    public void Read_Accepts_IntactAndMultiMemberGzip()
    {
        string one = _folder.File("one.tsv.gz");
        File.WriteAllBytes(one, Gzip("a\tb\nb\tc\n"));
        Assert.Equal(3, EdgeListReader.Read(one, new EdgeListOptions()).Graph.NodeCount); // a, b, c

        // `cat x.gz y.gz` is a valid gzip file of two members: edges a-b, b-c, then c-d.
        string two = _folder.File("two.tsv.gz");
        File.WriteAllBytes(two, [.. Gzip("a\tb\nb\tc\n"), .. Gzip("c\td\n")]);
        Assert.Equal(4, EdgeListReader.Read(two, new EdgeListOptions()).Graph.NodeCount);
    }

    [Fact]
    public void Read_Rejects_TruncatedGzipEmbeddings()
    {
        string path = _folder.File("v.tsv.gz");
        Embedkit.IO.TsvFormat.Write(path, TestSets.Make(2000, 8));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^20]);
        Assert.Throws<InvalidInputException>(() => Embedkit.IO.EmbeddingFormats.Read(path));
    }
}
