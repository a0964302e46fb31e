using System.Runtime.CompilerServices;

namespace Embedkit.Search;

/// <summary>
/// Bounded max-heaps that keep the k best (lowest key) candidates of each of a block of queries, as slots of
/// the stored vectors: the worst kept candidate is at the top, so a new candidate is compared with one value
/// and, when better, replaces it in O(log k). Order is by key, then by the slot's id, so equal keys keep the
/// lower ids and results are deterministic. One instance serves one worker thread and is reused across query
/// blocks; nothing is allocated per query.
/// </summary>
internal sealed class TopKHeaps
{
    private readonly int _k;
    private readonly float[] _keys;
    private readonly int[] _ids;
    private readonly int[] _sizes;
    private readonly long[] _idOf;

    /// <param name="queries">Queries per block.</param>
    /// <param name="k">Candidates kept per query.</param>
    /// <param name="idOf">The id of each slot, for breaking ties.</param>
    public TopKHeaps(int queries, int k, long[] idOf)
    {
        _k = k;
        _keys = new float[checked(queries * k)];
        _ids = new int[queries * k];
        _sizes = new int[queries];
        _idOf = idOf;
    }

    /// <summary>Empties the heaps of the first <paramref name="queries"/> queries.</summary>
    public void Reset(int queries) => Array.Clear(_sizes, 0, queries);

    /// <summary>
    /// The key a candidate of query <paramref name="q"/> must not exceed to have a chance: the worst kept key,
    /// or +∞ while fewer than k are kept. A candidate equal to it may still win on a lower id.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Threshold(int q) => _sizes[q] < _k ? float.PositiveInfinity : _keys[q * _k];

    /// <summary>Offers a candidate to query <paramref name="q"/>'s heap; it is kept when it beats the worst kept one.</summary>
    public void Offer(int q, float key, int id)
    {
        int k = _k;
        int at = q * k;
        int size = _sizes[q];
        if (size < k)
        {
            // Sift up from the end.
            int i = size;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Worse(key, id, _keys[at + parent], _ids[at + parent])) break;
                _keys[at + i] = _keys[at + parent];
                _ids[at + i] = _ids[at + parent];
                i = parent;
            }
            _keys[at + i] = key;
            _ids[at + i] = id;
            _sizes[q] = size + 1;
            return;
        }
        if (!Worse(_keys[at], _ids[at], key, id)) return;
        SiftDown(at, k, key, id);
    }

    /// <summary>
    /// Writes query <paramref name="q"/>'s kept candidates (slots) best first into <paramref name="ids"/> and
    /// <paramref name="keys"/> (k each) and returns how many there are; the heap is consumed.
    /// </summary>
    public int Drain(int q, Span<int> ids, Span<float> keys)
    {
        int at = q * _k;
        int size = _sizes[q];
        // Heap sort: pop the worst to the end until one is left, giving ascending (key, id).
        for (int n = size; n > 1; n--)
        {
            float topKey = _keys[at];
            int topId = _ids[at];
            float lastKey = _keys[at + n - 1];
            int lastId = _ids[at + n - 1];
            _keys[at + n - 1] = topKey;
            _ids[at + n - 1] = topId;
            SiftDown(at, n - 1, lastKey, lastId);
        }
        _keys.AsSpan(at, size).CopyTo(keys);
        _ids.AsSpan(at, size).CopyTo(ids);
        _sizes[q] = 0;
        return size;
    }

    /// <summary>Places (key, id) at the root of the heap of <paramref name="size"/> at <paramref name="at"/> and sifts it down.</summary>
    private void SiftDown(int at, int size, float key, int id)
    {
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && Worse(_keys[at + child + 1], _ids[at + child + 1], _keys[at + child], _ids[at + child])) child++;
            if (!Worse(_keys[at + child], _ids[at + child], key, id)) break;
            _keys[at + i] = _keys[at + child];
            _ids[at + i] = _ids[at + child];
            i = child;
        }
        _keys[at + i] = key;
        _ids[at + i] = id;
    }

    /// <summary>Whether (a, slot sa) ranks after (b, slot sb): a larger key, or an equal key and a larger id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Worse(float a, int sa, float b, int sb) => a > b || (a == b && _idOf[sa] > _idOf[sb]);
}
