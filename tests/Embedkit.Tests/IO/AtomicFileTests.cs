using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class AtomicFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_LeavesTargetUntouched_WhenTheWriterFails()
    {
        string path = _folder.File("keep.txt");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half-written"u8);
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["keep.txt"], _folder.FileNames());
    }

    [Fact]
    public void Write_WritesThroughATemporaryFileInTheSameFolder()
    {
        string path = _folder.File("new.bin");
        string[]? during = null;

        AtomicFile.Write(path, s =>
        {
            s.Write("abc"u8);
            during = _folder.FileNames();
        });

        Assert.Single(during!);
        Assert.StartsWith("new.bin.tmp-", during![0]);
        Assert.Equal("abc", File.ReadAllText(path));
        Assert.Equal(["new.bin"], _folder.FileNames());
    }

    [Fact]
    public void Write_Rejects_PathThatIsAFolder()
    {
        string path = _folder.File("sub");
        Directory.CreateDirectory(path);

        var e = Assert.Throws<InvalidInputException>(() => AtomicFile.Write(path, _ => { }));
        Assert.Contains("found a folder", e.Message);
    }
}
