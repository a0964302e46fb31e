using System.IO.Hashing;

namespace Embedkit.IO;

/// <summary>
/// Writes an <c>.ekv</c> file block by block, for sets too large to hold in memory: the rows go to a temporary
/// file beside the target as they come (only the ids stay in memory), and <see cref="Complete"/> writes the
/// header, ids and provenance (known only at the end, e.g. a truncation count) and copies the rows after
/// them, atomically. Disposing without completing deletes the temporary file and leaves the target as it was.
/// </summary>
public sealed class EmbeddingFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string _rowsPath;
    private readonly FileStream _rows;
    private readonly XxHash3 _hash = new();
    private readonly List<string> _ids = [];
    private bool _done;

    /// <summary>Starts a file of <paramref name="dimension"/>-float rows at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">When the folder does not exist.</exception>
    public EmbeddingFileWriter(string path, int dimension)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        _path = path;
        Dimension = dimension;
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder)) ThrowHelper.InvalidInput($"cannot write: expected an existing folder, found no folder '{folder}'", path);
        _rowsPath = $"{full}.rows-{Guid.NewGuid():N}";
        _rows = new FileStream(_rowsPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
    }

    /// <summary>Values per row.</summary>
    public int Dimension { get; }

    /// <summary>Rows appended so far.</summary>
    public int Count => _ids.Count;

    /// <summary>Appends rows: <paramref name="rows"/> holds <paramref name="ids"/>.Count × <see cref="Dimension"/> floats.</summary>
    public void Append(IReadOnlyList<string> ids, ReadOnlySpan<float> rows)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ObjectDisposedException.ThrowIf(_done, this);
        if (rows.Length != (long)ids.Count * Dimension)
            throw new ArgumentException($"expected {ids.Count} × {Dimension} floats, found {rows.Length}", nameof(rows));
        for (int i = 0; i < ids.Count; i++) IdRules.RequireValidUtf16(ids[i], _ids.Count + i, _path);
        FloatIO.Write(_rows, rows, _hash);
        _ids.AddRange(ids);
    }

    /// <summary>Writes the file with <paramref name="provenance"/>; the writer is finished afterwards.</summary>
    public void Complete(Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        ObjectDisposedException.ThrowIf(_done, this);
        _rows.Flush();
        EmbeddingFile.WriteParts(_path, _ids, Dimension, provenance, _hash.GetCurrentHashAsUInt64(), stream =>
        {
            _rows.Position = 0;
            _rows.CopyTo(stream, 1 << 20);
        }, DateTimeOffset.UtcNow);
        Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _rows.Dispose(); // DeleteOnClose removes the temporary rows
    }
}
