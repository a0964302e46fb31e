using Embedkit.IO;

namespace Embedkit.Tests.IO;

public sealed class EmbeddingFileWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Complete_WritesWhatEmbeddingFileWriteWrites_BlockByBlock()
    {
        // Five rows of d = 3 in blocks of 2, 0, 3 read back as the same ids, rows and provenance (checksums verified by the reader).
        float[] data = [.. Enumerable.Range(0, 15).Select(i => i * 0.5f - 3)];
        string path = _folder.File("s.ekv");
        var provenance = new Provenance("text", [new("model", "minilm"), new("truncated", "1")], null, "c.jsonl");
        using (var writer = new EmbeddingFileWriter(path, 3))
        {
            writer.Append(["a", "b"], data.AsSpan(0, 6));
            writer.Append([], ReadOnlySpan<float>.Empty);
            writer.Append(["c", "d", "e"], data.AsSpan(6, 9));
            Assert.Equal(5, writer.Count);
            writer.Complete(provenance);
        }
        var set = EmbeddingFile.Read(path);
        Assert.Equal(["a", "b", "c", "d", "e"], set.Ids);
        Assert.Equal(data, set.Array);
        Assert.Equal("minilm", set.Provenance["model"]);
        Assert.Equal("1", set.Provenance["truncated"]);
        Assert.Equal(["s.ekv"], _folder.FileNames()); // the temporary rows file is gone
    }

    [Fact]
    public void Dispose_WithoutComplete_LeavesNoFile()
    {
        string path = _folder.File("s.ekv");
        using (var writer = new EmbeddingFileWriter(path, 2))
            writer.Append(["a"], [1f, 2f]);
        Assert.Empty(_folder.FileNames());
    }

    [Fact]
    public void Append_RejectsRowsThatDoNotFit()
    {
        using var writer = new EmbeddingFileWriter(_folder.File("s.ekv"), 2);
        Assert.Throws<ArgumentException>(() => writer.Append(["a", "b"], [1f, 2f, 3f]));
    }
}
