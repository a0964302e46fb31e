using System.Globalization;

namespace Embedkit.IO;

/// <summary>
/// Parses the Python literal in a <c>.npy</c> header, for example
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>: a dict of string keys whose
/// values are strings, booleans or tuples of integers. Anything else is refused with a clear message.
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly ReadOnlySpan<char> _text;
    private readonly string _path;
    private int _at;

    private NpyHeaderParser(ReadOnlySpan<char> text, string path)
    {
        _text = text;
        _path = path;
        _at = 0;
    }

    public static (string Descr, bool FortranOrder, long[] Shape) Parse(string header, string path)
    {
        var parser = new NpyHeaderParser(header, path);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        parser.Expect('{');
        while (true)
        {
            parser.SkipSpace();
            if (parser.TryTake('}')) break;
            string key = parser.ReadString();
            parser.Expect(':');
            parser.SkipSpace();
            switch (key)
            {
                case "descr": descr = parser.ReadString(); break;
                case "fortran_order": fortran = parser.ReadBool(); break;
                case "shape": shape = parser.ReadTuple(); break;
                default: parser.Fail($"expected only the keys 'descr', 'fortran_order', 'shape', found '{key}'"); break;
            }
            parser.SkipSpace();
            if (parser.TryTake('}')) break;
            parser.Expect(',');
        }
        if (descr is null || fortran is null || shape is null)
            parser.Fail("expected the keys 'descr', 'fortran_order' and 'shape', found some missing");
        return (descr!, fortran!.Value, shape!);
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
    }

    private bool TryTake(char c)
    {
        if (_at < _text.Length && _text[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!TryTake(c)) Fail($"expected '{c}'");
    }

    private string ReadString()
    {
        SkipSpace();
        if (_at >= _text.Length || _text[_at] is not ('\'' or '"')) Fail("expected a quoted string");
        char quote = _text[_at++];
        int end = _text[_at..].IndexOf(quote);
        if (end < 0) Fail("expected a closing quote");
        string value = _text.Slice(_at, end).ToString();
        _at += end + 1;
        return value;
    }

    private bool ReadBool()
    {
        if (_text[_at..].StartsWith("True")) { _at += 4; return true; }
        if (_text[_at..].StartsWith("False")) { _at += 5; return false; }
        Fail("expected True or False");
        return false;
    }

    private long[] ReadTuple()
    {
        Expect('(');
        var items = new List<long>();
        while (true)
        {
            SkipSpace();
            if (TryTake(')')) break;
            int start = _at;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at])) _at++;
            // Python 2 era headers may write 3L for a long integer.
            ReadOnlySpan<char> digits = _text[start.._at];
            if (_at < _text.Length && _text[_at] == 'L') _at++;
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                Fail("expected a non-negative integer in the shape");
            items.Add(value);
            SkipSpace();
            if (TryTake(')')) break;
            Expect(',');
        }
        return [.. items];
    }

    private readonly void Fail(string message)
    {
        string near = _text[Math.Min(_at, _text.Length)..].ToString();
        ThrowHelper.InvalidInput($"invalid .npy header: {message} at character {_at}, near '{Excerpt.Of(near.Trim())}' in {Excerpt.Of(_text.ToString().Trim(), 120)}", _path, field: "header");
    }
}
