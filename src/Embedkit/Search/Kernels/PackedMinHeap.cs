using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Embedkit.Search;

/// <summary>
/// A binary min-heap of 64-bit keys that grows as needed and is reused across searches (nothing is allocated
/// once it has reached its working size). Graph search packs a (distance, slot) pair into one key with
/// <see cref="Pack"/>, so that one integer comparison orders by distance and then by slot; a max-heap is this
/// heap over complemented keys.
/// </summary>
internal sealed class PackedMinHeap
{
    private ulong[] _items;

    public PackedMinHeap(int capacity) => _items = new ulong[Math.Max(capacity, 4)];

    /// <summary>Number of keys held.</summary>
    public int Count { get; private set; }

    /// <summary>The smallest key; only when <see cref="Count"/> &gt; 0.</summary>
    public ulong Top
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _items[0];
    }

    /// <summary>Empties the heap.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds a key.</summary>
    public void Push(ulong key)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        ref ulong items = ref MemoryMarshal.GetArrayDataReference(_items);
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            ulong p = Unsafe.Add(ref items, parent);
            if (p <= key) break;
            Unsafe.Add(ref items, i) = p;
            i = parent;
        }
        Unsafe.Add(ref items, i) = key;
    }

    /// <summary>Removes and returns the smallest key; only when <see cref="Count"/> &gt; 0.</summary>
    public ulong Pop()
    {
        ref ulong items = ref MemoryMarshal.GetArrayDataReference(_items);
        ulong top = items;
        int n = --Count;
        if (n > 0) SiftDown(ref items, n, Unsafe.Add(ref items, n));
        return top;
    }

    /// <summary>Replaces the smallest key by <paramref name="key"/> (a pop and a push in one sift); only when <see cref="Count"/> &gt; 0.</summary>
    public void ReplaceTop(ulong key) => SiftDown(ref MemoryMarshal.GetArrayDataReference(_items), Count, key);

    /// <summary>The keys held, in heap order.</summary>
    public ReadOnlySpan<ulong> Items => _items.AsSpan(0, Count);

    private static void SiftDown(ref ulong items, int n, ulong key)
    {
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n) break;
            ulong c = Unsafe.Add(ref items, child);
            if (child + 1 < n)
            {
                ulong right = Unsafe.Add(ref items, child + 1);
                if (right < c) { c = right; child++; }
            }
            if (key <= c) break;
            Unsafe.Add(ref items, i) = c;
            i = child;
        }
        Unsafe.Add(ref items, i) = key;
    }

    /// <summary>
    /// (distance, slot) as one key whose unsigned order is the order by distance, then by slot: the float's
    /// bits mapped to an order-preserving unsigned integer in the high half, the slot in the low half.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(float distance, int slot)
    {
        uint bits = BitConverter.SingleToUInt32Bits(distance);
        bits = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)bits << 32) | (uint)slot;
    }

    /// <summary>The distance of a packed key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Distance(ulong key)
    {
        uint bits = (uint)(key >> 32);
        bits = (bits & 0x8000_0000u) != 0 ? bits & 0x7FFF_FFFFu : ~bits;
        return BitConverter.UInt32BitsToSingle(bits);
    }

    /// <summary>The slot of a packed key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(ulong key) => (int)(uint)key;
}
