using Embedkit.IO;

namespace Embedkit.Tests.IO;

public sealed class AtomicFileDeviceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_ToDevNull_WritesThrough_AndLeavesTheDevice()
    {
        if (OperatingSystem.IsWindows()) return;
        AtomicFile.Write("/dev/null", s => s.Write("hello"u8));
        Assert.Equal(0, new FileInfo("/dev/null").Length); // still the device: a regular file would hold 5 bytes
        Assert.Empty(Directory.GetFiles("/dev", "null.tmp-*"));
    }

    [Fact]
    public void Write_ThroughASymbolicLink_ReplacesItsTarget_AndKeepsTheLink()
    {
        string target = _folder.File("target.txt");
        File.WriteAllText(target, "old");
        string link = _folder.File("link.txt");
        File.CreateSymbolicLink(link, target);
        AtomicFile.Write(link, s => s.Write("new"u8));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
    }
}
