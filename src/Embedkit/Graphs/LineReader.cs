namespace Embedkit.Graphs;

/// <summary>
/// Reads lines as spans over one reused buffer (no string per line). Accepts LF and CRLF line ends,
/// strips a leading byte-order mark, and counts lines from 1.
/// </summary>
internal sealed class LineReader
{
    private readonly TextReader _reader;
    private char[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(TextReader reader)
        : this(reader, 1 << 16)
    {
    }

    /// <summary>A reader with an initial buffer of <paramref name="bufferSize"/> chars (tests use tiny ones); it doubles for longer lines.</summary>
    internal LineReader(TextReader reader, int bufferSize)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        _reader = reader;
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
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        else _end += read;
    }
}
