using System.IO.Compression;
using System.Text;

namespace Embedkit.IO;

/// <summary>Opening input files: missing or unreadable files become <see cref="InvalidInputException"/>.</summary>
internal static class InputFile
{
    private const int BufferSize = 1 << 20;

    /// <summary>Strict UTF-8 (no BOM written, invalid bytes throw) so that ids round-trip exactly.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="path"/> names a gzip-compressed file (ends in <c>.gz</c>).</summary>
    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens <paramref name="path"/> for sequential reading (decompressing <c>.gz</c>).</summary>
    public static Stream OpenRead(string path)
    {
        FileStream file = OpenFile(path);
        return IsGzip(path) ? new CheckedGZipStream(file, path) : file;
    }

    /// <summary>Opens <paramref name="path"/> as a seekable file.</summary>
    public static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return ThrowHelper.InvalidInput<FileStream>("cannot read: expected an existing file, found none", path);
        }
        catch (DirectoryNotFoundException)
        {
            return ThrowHelper.InvalidInput<FileStream>("cannot read: expected an existing file, found no such folder", path);
        }
        catch (UnauthorizedAccessException e)
        {
            return ThrowHelper.InvalidInput<FileStream>($"cannot read: {e.Message}", path);
        }
    }

    /// <summary>A line reader over <paramref name="path"/>: strict UTF-8, a leading BOM skipped.</summary>
    public static LineReader OpenLines(string path) =>
        new(OpenRead(path), path);
}
