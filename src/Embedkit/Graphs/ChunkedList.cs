namespace Embedkit.Graphs;

/// <summary>
/// An append-only list of unmanaged values stored in chunks of <see cref="ChunkSize"/> items, so that growing
/// never copies and memory stays within one chunk of the item count. The first chunk starts small and
/// doubles up to <see cref="ChunkSize"/> (small inputs stay small); every later chunk is full-size, so item
/// <c>i</c> is at <c>chunk i / ChunkSize, position i % ChunkSize</c>.
/// </summary>
internal sealed class ChunkedList<T> where T : unmanaged
{
    /// <summary>Items per full chunk (a power of two).</summary>
    public const int ChunkSize = 1 << ChunkShift;

    private const int ChunkShift = 20;
    private const int FirstChunkSize = 1 << 10;

    private readonly List<T[]> _chunks = [];
    private T[] _last = [];
    private int _lastCount;

    /// <summary>Number of items appended.</summary>
    public int Count { get; private set; }

    /// <summary>Number of chunks in use.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>The item at <paramref name="index"/> (no bounds check beyond the chunk's).</summary>
    public ref T this[int index] => ref _chunks[index >> ChunkShift][index & (ChunkSize - 1)];

    /// <summary>The items of chunk <paramref name="chunk"/>: <see cref="ChunkSize"/> of them, fewer in the last.</summary>
    public Span<T> Chunk(int chunk) =>
        chunk == _chunks.Count - 1 ? _last.AsSpan(0, _lastCount) : _chunks[chunk].AsSpan();

    /// <summary>Appends <paramref name="value"/>; false when the list holds <see cref="Array.MaxLength"/> items already.</summary>
    public bool TryAdd(T value)
    {
        if (_lastCount == _last.Length && !Grow()) return false;
        _last[_lastCount++] = value;
        Count++;
        return true;
    }

    /// <summary>Drops all items and their memory.</summary>
    public void Clear()
    {
        _chunks.Clear();
        _last = [];
        _lastCount = 0;
        Count = 0;
    }

    private bool Grow()
    {
        if (Count >= Array.MaxLength) return false;
        if (_chunks.Count == 0)
        {
            _last = new T[FirstChunkSize];
            _chunks.Add(_last);
        }
        else if (_chunks.Count == 1 && _last.Length < ChunkSize)
        {
            Array.Resize(ref _last, Math.Min(_last.Length * 2, ChunkSize));
            _chunks[0] = _last;
        }
        else
        {
            _last = new T[ChunkSize];
            _lastCount = 0;
            _chunks.Add(_last);
        }
        return true;
    }
}
