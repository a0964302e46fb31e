using System.Text;

namespace Embedkit.IO;

/// <summary>
/// Reads a text file line by line, counting 1-based line numbers for error messages. Accepts LF and
/// CRLF endings, skips a leading UTF-8 BOM and reports invalid UTF-8 with its line.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly StreamReader _reader;

    public LineReader(StreamReader reader, string path)
    {
        _reader = reader;
        Path = path;
    }

    /// <summary>The file, as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The 1-based number of the line last returned by <see cref="ReadLine"/> (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its ending, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (DecoderFallbackException e)
        {
            return ThrowHelper.InvalidInput<string>($"expected UTF-8 text, found invalid bytes ({e.Message})", Path, LineNumber + 1);
        }
        if (line is null) return null;
        LineNumber++;
        if (LineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
        return line;
    }

    /// <summary>Throws unless the rest of the file holds only blank lines.</summary>
    public void RequireOnlyBlankLinesLeft(string expected)
    {
        while (ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
                ThrowHelper.InvalidInput($"expected {expected}, found another line: '{Excerpt.Of(line)}'", Path, LineNumber);
        }
    }

    public void Dispose() => _reader.Dispose();
}
