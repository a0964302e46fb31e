using System.IO.Compression;
using System.Text;

namespace Embedkit.Graphs;

/// <summary>Opens a text file for the line readers: UTF-8 with or without BOM, gzip read transparently.</summary>
internal static class TextInput
{
    private const int BufferSize = 1 << 16;

    /// <summary>UTF-8 that throws on invalid bytes (ids are kept exactly; a Latin-1 file must not merge ids into U+FFFD).</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Opens <paramref name="path"/>. A file is read through <see cref="GZipStream"/> when its name ends in
    /// <c>.gz</c> or it starts with the gzip magic bytes 1f 8b. A missing file is bad input.
    /// </summary>
    public static TextReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException("file not found", path, inner: ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new InvalidInputException($"cannot open the file: {ex.Message}", path, inner: ex);
        }

        try
        {
            Span<byte> magic = stackalloc byte[2];
            int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            bool gzipMagic = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            bool gzipName = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            if (gzipName && !gzipMagic && got > 0)
                ThrowHelper.InvalidInput("the name ends in .gz but the file is not gzip (it does not start with bytes 1f 8b)", path);
            Stream stream = gzipMagic ? new CheckedGZipStream(file, path) : file;
            return new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false, BufferSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
