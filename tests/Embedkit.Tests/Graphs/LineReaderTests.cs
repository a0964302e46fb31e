using System.Text;
using Embedkit.Graphs;

namespace Embedkit.Tests.Graphs;

// Buffers of 1..16 chars put every line end, CRLF pair, surrogate pair and BOM on a buffer boundary
// somewhere; the lines must not depend on where the boundaries fall.
public class LineReaderTests
{
    private static List<string> ReadAll(TextReader reader, int bufferSize, out long lineNumber)
    {
        var lines = new LineReader(reader, bufferSize);
        var result = new List<string>();
        while (lines.TryReadLine(out ReadOnlySpan<char> line)) result.Add(line.ToString());
        lineNumber = lines.LineNumber;
        return result;
    }

    public static TheoryData<int> BufferSizes()
    {
        var sizes = new TheoryData<int>();
        for (int size = 1; size <= 16; size++) sizes.Add(size);
        return sizes;
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public void TryReadLine_SplitsLines_WhateverTheBufferSize(int bufferSize)
    {
        // BOM, LF and CRLF ends, an empty line, a line longer than every buffer (20 chars), a surrogate
        // pair (U+1F600 is 2 chars), and a last line without a line end: 6 lines.
        string text = "\uFEFFa\tb\r\n\nccccccccccdddddddddd\nx\u00FC\U0001F600y\r\nlast\r\nno-end";
        var lines = ReadAll(new StringReader(text), bufferSize, out long count);
        Assert.Equal(["a\tb", "", "ccccccccccdddddddddd", "x\u00FC\U0001F600y", "last", "no-end"], lines);
        Assert.Equal(6, count);
    }

    [Theory]
    [InlineData(4)]  // "abc\r" fills the buffer: the '\n' comes with the next read
    [InlineData(3)]
    public void TryReadLine_StripsCrlf_SplitAcrossTheBuffer(int bufferSize)
    {
        var lines = ReadAll(new StringReader("abc\r\nde\r\n"), bufferSize, out long count);
        Assert.Equal(["abc", "de"], lines);
        Assert.Equal(2, count);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public void TryReadLine_DecodesMultiByteUtf8_SplitAcrossReads(int bufferSize)
    {
        // ü is 2 bytes, 東 and 京 3 each, U+1F600 4: with a 1-byte stream behind the reader every
        // character arrives split across reads. Two lines, the second without a line end.
        byte[] bytes = Encoding.UTF8.GetBytes("Z\u00FCrich\t\u6771\u4EAC\r\n\U0001F600\t\u00FC");
        using var stream = new OneByteStream(bytes);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1);
        var lines = ReadAll(reader, bufferSize, out long count);
        Assert.Equal(["Z\u00FCrich\t\u6771\u4EAC", "\U0001F600\t\u00FC"], lines);
        Assert.Equal(2, count);
    }

    [Fact]
    public void TryReadLine_ReturnsNoLines_ForEmptyInput()
    {
        Assert.Empty(ReadAll(new StringReader(""), 4, out long count));
        Assert.Equal(0, count);
    }

    /// <summary>A read-only stream that returns at most one byte per read.</summary>
    private sealed class OneByteStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
