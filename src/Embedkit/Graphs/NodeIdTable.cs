namespace Embedkit.Graphs;

/// <summary>
/// Numbers node ids by first appearance and keeps them as the exact strings given. Lookups by span
/// allocate nothing. Ids are kept in one of three places, picked by the id's text alone, so that the
/// same string always lands in the same place:
/// <list type="bullet">
/// <item>canonical decimal integers (<c>0</c> or <c>[1-9][0-9]{0,17}</c>) below <see cref="DirectLength"/>: an array
/// indexed by value, at most 4 ints per node (a random-access lookup then stays in cache, which is what
/// makes integer-id graphs fast to read);</item>
/// <item>larger canonical integers and ASCII ids of up to 7 characters: an open-addressing table whose
/// slots hold the id packed into 64 bits (one memory access per lookup, no string to compare);</item>
/// <item>everything else (<c>"007"</c>, <c>"-3"</c>, long or non-ASCII ids): a <see cref="Dictionary{TKey, TValue}"/>
/// keyed by string.</item>
/// </list>
/// When the direct array grows, the integers of the packed table that it now covers move into it.
/// </summary>
internal sealed class NodeIdTable
{
    private const int MinDirectLength = 1 << 12;
    private const ulong NumberTag = 1UL << 63;
    private const ulong FibonacciMultiplier = 0x9E3779B97F4A7C15UL;

    private readonly List<string> _ids = [];
    private readonly Dictionary<string, int> _other = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _otherLookup;
    private int[] _direct = []; // value -> index + 1; 0 = absent
    private Slot[] _slots = new Slot[1 << 8];
    private int _shift = 64 - 8;
    private int _slotCount;

    public NodeIdTable() => _otherLookup = _other.GetAlternateLookup<ReadOnlySpan<char>>();

    private enum Kind { Number, Packed, Other }

    private struct Slot
    {
        public ulong Key; // 0 = empty (no id packs to 0: a packed id has its length in bits 56..62, a number has bit 63)
        public int Index;
    }

    /// <summary>The ids in index order. The caller may reorder or shorten it once it is done looking up.</summary>
    public List<string> Ids => _ids;

    /// <summary>Number of ids added.</summary>
    public int Count => _ids.Count;

    /// <summary>Length of the direct array (canonical integers below it are looked up by value).</summary>
    internal int DirectLength => _direct.Length;

    /// <summary>The index of <paramref name="id"/>, if it has been added.</summary>
    public bool TryGetIndex(ReadOnlySpan<char> id, out int index)
    {
        switch (Classify(id, out ulong key))
        {
            case Kind.Number when key < (ulong)_direct.Length:
                index = _direct[(int)key] - 1;
                return index >= 0;
            case Kind.Number:
                return TryGetSlot(key | NumberTag, out index);
            case Kind.Packed:
                return TryGetSlot(key, out index);
            default:
                return _otherLookup.TryGetValue(id, out index);
        }
    }

    /// <summary>
    /// Adds <paramref name="id"/> with the next index and returns true, or returns false when it
    /// was added before; <paramref name="index"/> is its index either way.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<char> id, out int index) => TryAdd(id, null, out index);

    /// <summary>As <see cref="TryAdd(ReadOnlySpan{char}, out int)"/>, keeping this string instance rather than a copy.</summary>
    public bool TryAdd(string id, out int index)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryAdd(id, id, out index);
    }

    private bool TryAdd(ReadOnlySpan<char> id, string? text, out int index)
    {
        switch (Classify(id, out ulong key))
        {
            case Kind.Number:
                if (key >= (ulong)_direct.Length) GrowDirectFor(key);
                if (key < (ulong)_direct.Length)
                {
                    ref int entry = ref _direct[(int)key];
                    if (entry != 0)
                    {
                        index = entry - 1;
                        return false;
                    }
                    index = Append(id, text);
                    entry = index + 1;
                    return true;
                }
                return TryAddSlot(key | NumberTag, id, text, out index);
            case Kind.Packed:
                return TryAddSlot(key, id, text, out index);
            default:
                if (_otherLookup.TryGetValue(id, out index)) return false;
                index = Append(id, text);
                _other.Add(_ids[index], index);
                return true;
        }
    }

    private static Kind Classify(ReadOnlySpan<char> id, out ulong key)
    {
        key = 0;
        if (id.IsEmpty) return Kind.Other;
        if (id.Length <= 18 && (id[0] != '0' || id.Length == 1))
        {
            ulong value = 0;
            int i = 0;
            for (; i < id.Length; i++)
            {
                uint digit = (uint)(id[i] - '0');
                if (digit > 9) break;
                value = value * 10 + digit;
            }
            if (i == id.Length)
            {
                key = value;
                return Kind.Number;
            }
        }
        if (id.Length <= 7)
        {
            ulong packed = (ulong)id.Length << 56;
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (c >= 0x80) return Kind.Other;
                packed |= (ulong)c << (8 * i);
            }
            key = packed;
            return Kind.Packed;
        }
        return Kind.Other;
    }

    private int Append(ReadOnlySpan<char> id, string? text)
    {
        int index = _ids.Count;
        if (index == int.MaxValue) ThrowHelper.InvalidInput($"more than {int.MaxValue - 1} nodes are not supported");
        _ids.Add(text ?? id.ToString());
        return index;
    }

    private bool TryGetSlot(ulong key, out int index)
    {
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        for (int h = (int)((key * FibonacciMultiplier) >> _shift); ; h = (h + 1) & mask)
        {
            ref Slot slot = ref slots[h];
            if (slot.Key == key)
            {
                index = slot.Index;
                return true;
            }
            if (slot.Key == 0)
            {
                index = -1;
                return false;
            }
        }
    }

    private bool TryAddSlot(ulong key, ReadOnlySpan<char> id, string? text, out int index)
    {
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int h = (int)((key * FibonacciMultiplier) >> _shift);
        for (; ; h = (h + 1) & mask)
        {
            ref Slot slot = ref slots[h];
            if (slot.Key == key)
            {
                index = slot.Index;
                return false;
            }
            if (slot.Key == 0) break;
        }
        index = Append(id, text);
        slots[h] = new Slot { Key = key, Index = index };
        if (++_slotCount * 2 > slots.Length) ResizeSlots(slots.Length * 2);
        return true;
    }

    /// <summary>Rehashes into <paramref name="length"/> slots (a power of two), leaving out numbers the direct array covers.</summary>
    private void ResizeSlots(int length)
    {
        Slot[] old = _slots;
        _slots = new Slot[length];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)length);
        _slotCount = 0;
        int mask = length - 1;
        foreach (Slot slot in old)
        {
            if (slot.Key == 0) continue;
            if ((slot.Key & NumberTag) != 0 && (slot.Key & ~NumberTag) < (ulong)_direct.Length)
            {
                _direct[(int)(slot.Key & ~NumberTag)] = slot.Index + 1;
                continue;
            }
            int h = (int)((slot.Key * FibonacciMultiplier) >> _shift);
            while (_slots[h].Key != 0) h = (h + 1) & mask;
            _slots[h] = slot;
            _slotCount++;
        }
    }

    /// <summary>
    /// Grows the direct array to cover <paramref name="value"/> when that keeps it within 4 entries per node
    /// and at least doubles it (so growth, which rehashes the packed table, happens O(log n) times).
    /// </summary>
    private void GrowDirectFor(ulong value)
    {
        long allowed = Math.Min(Math.Max(MinDirectLength, 4L * (Count + 1)), Array.MaxLength);
        if (value >= (ulong)allowed || allowed < 2L * _direct.Length) return;
        Array.Resize(ref _direct, (int)allowed);
        ResizeSlots(_slots.Length); // moves the numbers now below DirectLength out of the slots
    }
}
