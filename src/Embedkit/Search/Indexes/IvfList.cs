namespace Embedkit.Search;

/// <summary>
/// One inverted list of an <see cref="IvfIndex"/>: the ids of its vectors and, in the same order, either the
/// vectors themselves (with their squared norms, for the L2 scan) or their codes. Removal moves the last entry
/// into the freed slot, as the flat indexes do.
/// </summary>
internal sealed class IvfList
{
    private readonly int _width;

    /// <param name="width">Floats per vector (flat lists) or bytes per code (codec lists).</param>
    /// <param name="flat">Whether the list stores float vectors (true) or codes.</param>
    public IvfList(int width, bool flat)
    {
        _width = width;
        Flat = flat;
    }

    /// <summary>Whether the list holds float vectors rather than codes.</summary>
    public bool Flat { get; }

    /// <summary>Entries in the list.</summary>
    public int Count { get; private set; }

    /// <summary>Ids, valid up to <see cref="Count"/>.</summary>
    public long[] Ids { get; private set; } = [];

    /// <summary>Vectors row-major (flat lists), valid up to <see cref="Count"/> rows.</summary>
    public float[] Vectors { get; private set; } = [];

    /// <summary>Squared norm of each vector (flat lists).</summary>
    public float[] Norms { get; private set; } = [];

    /// <summary>Codes end to end (codec lists), valid up to <see cref="Count"/> codes.</summary>
    public byte[] Codes { get; private set; } = [];

    /// <summary>Appends one entry and returns its slot.</summary>
    public int Append(long id, ReadOnlySpan<float> vector, float norm, ReadOnlySpan<byte> code)
    {
        Grow(Count + 1);
        int slot = Count;
        Ids[slot] = id;
        if (Flat)
        {
            vector.CopyTo(Vectors.AsSpan(slot * _width, _width));
            Norms[slot] = norm;
        }
        else
        {
            code.CopyTo(Codes.AsSpan(slot * _width, _width));
        }
        Count++;
        return slot;
    }

    /// <summary>Removes slot <paramref name="slot"/> by moving the last entry into it; returns the id that moved there, or −1 when none did.</summary>
    public long RemoveAt(int slot)
    {
        int last = Count - 1;
        long moved = VectorChecks.NoId;
        if (slot != last)
        {
            Ids[slot] = Ids[last];
            if (Flat)
            {
                Vectors.AsSpan(last * _width, _width).CopyTo(Vectors.AsSpan(slot * _width, _width));
                Norms[slot] = Norms[last];
            }
            else
            {
                Codes.AsSpan(last * _width, _width).CopyTo(Codes.AsSpan(slot * _width, _width));
            }
            moved = Ids[slot];
        }
        Ids[last] = VectorChecks.NoId;
        Count--;
        return moved;
    }

    /// <summary>The vector in slot <paramref name="slot"/> (flat lists).</summary>
    public ReadOnlySpan<float> VectorAt(int slot) => Vectors.AsSpan(slot * _width, _width);

    /// <summary>The code in slot <paramref name="slot"/> (codec lists).</summary>
    public ReadOnlySpan<byte> CodeAt(int slot) => Codes.AsSpan(slot * _width, _width);

    private void Grow(int needed)
    {
        if (needed <= Ids.Length) return;
        long limit = Array.MaxLength / Math.Max(1, _width);
        if (needed > limit)
            ThrowHelper.InvalidInput($"too many vectors in one IVF list: {needed} entries of {_width} {(Flat ? "floats" : "bytes")} exceed one buffer's limit of {Array.MaxLength}; use more lists", field: "vectors");
        int capacity = (int)Math.Min(limit, Math.Max(needed, Math.Max(2L * Ids.Length, 8)));
        long[] ids = Ids;
        Array.Resize(ref ids, capacity);
        Ids = ids;
        if (Flat)
        {
            float[] vectors = Vectors, norms = Norms;
            Array.Resize(ref vectors, capacity * _width);
            Array.Resize(ref norms, capacity);
            Vectors = vectors;
            Norms = norms;
        }
        else
        {
            byte[] codes = Codes;
            Array.Resize(ref codes, capacity * _width);
            Codes = codes;
        }
    }
}
