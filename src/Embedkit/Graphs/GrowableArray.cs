namespace Embedkit.Graphs;

/// <summary>An append-only array of unmanaged values that doubles as it grows (a List without the checks).</summary>
internal struct GrowableArray<T> where T : unmanaged
{
    private T[] _items;

    public GrowableArray(int capacity) => _items = new T[Math.Max(capacity, 4)];

    /// <summary>Number of items appended.</summary>
    public int Count { get; private set; }

    /// <summary>The backing array; items past <see cref="Count"/> are unused.</summary>
    public readonly T[] Items => _items;

    /// <summary>The appended items.</summary>
    public readonly Span<T> AsSpan() => _items.AsSpan(0, Count);

    /// <summary>Appends <paramref name="value"/>; false when the array cannot grow any further.</summary>
    public bool TryAdd(T value)
    {
        if (Count == _items.Length)
        {
            if (_items.Length >= Array.MaxLength) return false;
            Array.Resize(ref _items, (int)Math.Min((long)_items.Length * 2, Array.MaxLength));
        }
        _items[Count++] = value;
        return true;
    }
}
