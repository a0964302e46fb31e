namespace Embedkit.Graphs;

/// <summary>
/// Reads lines as spans over one reused buffer (no string per line). Accepts LF and CRLF line ends,
/// strips a leading byte-order mark, and counts lines from 1. Corrupt gzip data and invalid UTF-8 become
/// <see cref="InvalidInputException"/> naming the file and line, for every reader built on it.
/// </summary>
internal sealed class LineReader
{
    private readonly TextReader _reader;
    private readonly string? _file;
    private char[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>A reader over <paramref name="reader"/>; <paramref name="file"/> names the input in error messages.</summary>
    public LineReader(TextReader reader, string? file = null)
        : this(reader, 1 << 16, file)
    {
    }

    /// <summary>A reader with an initial buffer of <paramref name="bufferSize"/> chars (tests use tiny ones); it doubles for longer lines.</summary>
    internal LineReader(TextReader reader, int bufferSize, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _reader = reader;
        _file = file;
        _buffer = new char[bufferSize];
    }

    /// <summary>1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line without its line end; the span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                break;
            }
            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                break;
            }
            Fill();
        }

        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        LineNumber++;
        if (LineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
        return true;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, checked(_buffer.Length * 2));
        int read;
        try
        {
            read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException($"the gzip data is corrupt ({ex.Message})", _file, LineNumber + 1, inner: ex);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new InvalidInputException(
                $"invalid UTF-8 at or after line {LineNumber + 1}: expected UTF-8 text (ids are kept exactly, so bytes cannot be guessed); re-encode the file, e.g. iconv -f latin1 -t utf-8",
                _file, inner: ex);
        }
        if (read == 0) _eof = true;
        else _end += read;
    }
}
