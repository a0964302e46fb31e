using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Embedkit;

/// <summary>
/// Decompresses a gzip file and, at its end, checks the gzip trailer (CRC-32 and length of the data).
/// .NET's <see cref="GZipStream"/> returns end-of-stream on a truncated file without any error, so a cut
/// download would otherwise be read as a shorter valid file. A file of several gzip members (cat a.gz
/// b.gz) cannot be checked this way; when another member header is present a mismatch is not reported.
/// </summary>
internal sealed class CheckedGZipStream : Stream
{
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly string _path;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _checked;

    public CheckedGZipStream(FileStream file, string path)
    {
        _file = file;
        _path = path;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"the gzip data is corrupted ({e.Message})", _path, inner: e);
        }
        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _length += n;
        }
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            CheckTrailer();
        }
        return n;
    }

    private void CheckTrailer()
    {
        long size = _file.Length;
        Span<byte> trailer = stackalloc byte[8];
        if (size < 18 || RandomAccess.Read(_file.SafeFileHandle, trailer, size - 8) != 8)
            throw new InvalidInputException("the gzip file is truncated: it is too short to hold a gzip trailer", _path);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (crc == _crc.GetCurrentHashAsUInt32() && length == (uint)_length) return;
        if (HasSecondMember(size)) return;
        throw new InvalidInputException(
            $"the gzip file is truncated or corrupted: its trailer says {length} bytes with CRC-32 {crc:x8}, " +
            $"the data read was {(uint)_length} bytes (mod 2^32) with CRC-32 {_crc.GetCurrentHashAsUInt32():x8}", _path);
    }

    private bool HasSecondMember(long size)
    {
        byte[] chunk = new byte[1 << 20];
        ReadOnlySpan<byte> header = [0x1f, 0x8b, 0x08];
        for (long at = 1; at < size; at += chunk.Length - 2)
        {
            int n = RandomAccess.Read(_file.SafeFileHandle, chunk, at);
            if (n <= 0) break;
            if (chunk.AsSpan(0, n).IndexOf(header) >= 0) return true;
        }
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
