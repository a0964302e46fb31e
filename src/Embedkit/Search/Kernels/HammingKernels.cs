using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Embedkit.Search;

/// <summary>
/// Hamming distances between bit codes: the number of differing bits, counted as
/// <see cref="BitOperations.PopCount(ulong)"/> of the XOR of 64-bit words (one <c>popcnt</c> instruction
/// each on x64 and Arm64), then of a 32-bit word and single bytes for a tail. Codes may be any number of
/// bytes and need no alignment. Integer results, so every path is exact and agrees with
/// <see cref="DistanceScalar"/>, the byte-at-a-time reference.
/// </summary>
internal static class HammingKernels
{
    /// <summary>The number of bits that differ between <paramref name="a"/> and <paramref name="b"/> (equal lengths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Hamming distance of codes of {a.Length} and {b.Length} bytes");
        return Distance(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>
    /// <c>distances[i]</c> = the Hamming distance between <paramref name="query"/> and bytes
    /// <c>[offset, offset + query.Length)</c> of code <c>i</c> of <paramref name="codeSize"/> bytes.
    /// </summary>
    public static void Distances(ReadOnlySpan<byte> query, ReadOnlySpan<byte> codes, int codeSize, int offset, Span<int> distances)
    {
        int n = distances.Length, length = query.Length;
        if (codeSize <= 0 || offset < 0 || offset + length > codeSize || codes.Length < (long)n * codeSize)
            throw new ArgumentException($"Hamming scan: {length} bytes at offset {offset} of {codeSize}-byte codes need {(long)n * codeSize} code bytes, found {codes.Length}");
        if (n == 0) return;
        ref byte q = ref MemoryMarshal.GetReference(query);
        ref byte c = ref Unsafe.Add(ref MemoryMarshal.GetReference(codes), offset);
        for (int i = 0; i < n; i++)
            distances[i] = Distance(ref q, ref Unsafe.Add(ref c, (nint)i * codeSize), length);
    }

    /// <summary>The reference: popcount of each byte's XOR, one byte at a time.</summary>
    public static int DistanceScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int sum = 0;
        for (int i = 0; i < a.Length; i++) sum += BitOperations.PopCount((uint)(a[i] ^ b[i]));
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Distance(ref byte a, ref byte b, int length)
    {
        nint i = 0;
        int s0 = 0, s1 = 0;
        for (; i + 16 <= length; i += 16)
        {
            s0 += BitOperations.PopCount(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i)));
            s1 += BitOperations.PopCount(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i + 8)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i + 8)));
        }
        if (i + 8 <= length)
        {
            s0 += BitOperations.PopCount(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i)));
            i += 8;
        }
        if (i + 4 <= length)
        {
            s1 += BitOperations.PopCount(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref a, i)) ^ Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, i)));
            i += 4;
        }
        for (; i < length; i++) s0 += BitOperations.PopCount((uint)(Unsafe.Add(ref a, i) ^ Unsafe.Add(ref b, i)));
        return s0 + s1;
    }
}
