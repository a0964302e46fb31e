using System.Text;

namespace Embedkit.IO;

/// <summary>
/// Reads a UTF-8 text file line by line, counting 1-based line numbers for error messages. Lines end at
/// LF (a CR before it is dropped); a leading UTF-8 BOM is skipped. Each line is decoded on its own, so
/// invalid UTF-8 is reported with the line it is on.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The file, as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The 1-based number of the line last returned by <see cref="ReadLine"/> (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its ending, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = scanned + newline;
                string line = Decode(_buffer.AsSpan(_start, length));
                _start += length + 1;
                return line;
            }
            scanned = _end - _start;
            if (_eof)
            {
                if (scanned == 0) return null;
                string last = Decode(_buffer.AsSpan(_start, scanned));
                _start = _end;
                return last;
            }
            Fill();
        }
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

    public void Dispose() => _stream.Dispose();

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        LineNumber++;
        if (bytes.Length > 0 && bytes[^1] == '\r') bytes = bytes[..^1];
        if (LineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        try
        {
            return InputFile.StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return ThrowHelper.InvalidInput<string>($"expected UTF-8 text, found invalid bytes{(e.Index >= 0 ? $" at byte {e.Index + 1} of the line" : "")}", Path, LineNumber);
        }
    }
}
