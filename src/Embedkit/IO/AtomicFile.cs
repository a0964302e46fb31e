using System.IO.Compression;

namespace Embedkit.IO;

/// <summary>
/// The one place where Embedkit writes an output file: into <c>path + ".tmp-&lt;guid&gt;"</c> in the same
/// folder, flushed to disk, then renamed over the target. A failure at any point deletes the temporary
/// file and leaves the target as it was, so no reader ever sees a half-written file. A symbolic link is
/// followed (its final target is replaced, the link kept), and a device such as <c>/dev/null</c> or
/// <c>/dev/stdout</c> is written through directly, never replaced by a regular file.
/// </summary>
public static class AtomicFile
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. With <paramref name="gzip"/> the
    /// stream handed to <paramref name="write"/> compresses with gzip.
    /// </summary>
    /// <exception cref="InvalidInputException">When the target folder does not exist.</exception>
    public static void Write(string path, Action<Stream> write, bool gzip = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        if (!IsDevice(full) && new FileInfo(full).LinkTarget is not null && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            full = target.FullName;
        if (IsDevice(full))
        {
            using var device = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, BufferSize);
            WriteContent(device, write, gzip);
            return;
        }
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
            ThrowHelper.InvalidInput($"cannot write: expected an existing folder, found no folder '{folder}'", path);
        if (Directory.Exists(full))
            ThrowHelper.InvalidInput("cannot write: expected a file path, found a folder", path);

        string temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                WriteContent(file, write, gzip);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void WriteContent(FileStream file, Action<Stream> write, bool gzip)
    {
        if (!gzip)
        {
            write(file);
            return;
        }
        using var compressed = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
        write(compressed);
    }

    /// <summary>A device or kernel file (Unix <c>/dev</c>, <c>/proc</c>): written in place, since renaming over it would replace it.</summary>
    private static bool IsDevice(string fullPath) =>
        !OperatingSystem.IsWindows() && (fullPath.StartsWith("/dev/", StringComparison.Ordinal) || fullPath.StartsWith("/proc/", StringComparison.Ordinal));

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
