using System.Runtime.CompilerServices;

namespace Embedkit.Search;

/// <summary>
/// The table-lookup scan of compressed codes: for each code, the sum of one table entry per code byte,
/// <c>Σₚ table[p·256 + code[p]]</c>. It is the hot loop of product quantization's asymmetric distance (ADC:
/// one 256-entry table per sub-quantizer, FAISS's <c>pq_estimators_from_tables</c>) and of the asymmetric
/// distance of binary codes (one 256-entry table per byte of bits, entry <c>v</c> = the sum of the query
/// weights of the bits set in <c>v</c>).
/// </summary>
/// <remarks>
/// Every sum has one fixed order: the entries of even positions are added into one partial sum and those
/// of odd positions into another, each from position 0 up, and the two are added at the end. So a code
/// gets the same value bit for bit whether it is scanned with three others (the unrolled path) or alone
/// (the tail, and <see cref="SumScalar"/>, the reference), wherever it lies in the batch. Four codes are
/// scanned together, so that eight independent chains of additions hide the latency of each.
/// </remarks>
internal static unsafe class LookupKernels
{
    /// <summary>Entries per table: one per value of a code byte.</summary>
    public const int Entries = 256;

    /// <summary>
    /// <c>sums[i] = Σ_{p &lt; positions} table[p·256 + codes[i·codeSize + offset + p]]</c> for each of the
    /// <c>sums.Length</c> codes of <paramref name="codeSize"/> bytes.
    /// </summary>
    public static void Sum(ReadOnlySpan<float> table, ReadOnlySpan<byte> codes, int codeSize, int offset, int positions, Span<float> sums)
    {
        int n = sums.Length;
        Check(table, codes, codeSize, offset, positions, n);
        if (n == 0) return;
        fixed (float* t = table)
        fixed (byte* c = codes)
        fixed (float* s = sums)
        {
            byte* first = c + offset;
            int i = 0;
            for (; i + 4 <= n; i += 4) Sum4(t, first + (nint)i * codeSize, codeSize, positions, s + i);
            for (; i < n; i++) s[i] = Sum1(t, first + (nint)i * codeSize, positions);
        }
    }

    /// <summary>The reference: one code at a time, the fixed order written out plainly.</summary>
    public static float SumScalar(ReadOnlySpan<float> table, ReadOnlySpan<byte> code, int positions)
    {
        float even = 0, odd = 0;
        for (int p = 0; p < positions; p += 2) even += table[p * Entries + code[p]];
        for (int p = 1; p < positions; p += 2) odd += table[p * Entries + code[p]];
        return even + odd;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum1(float* t, byte* c, int positions)
    {
        float even = 0, odd = 0;
        int p = 0;
        for (; p + 2 <= positions; p += 2, t += 2 * Entries)
        {
            even += t[c[p]];
            odd += t[Entries + c[p + 1]];
        }
        if (p < positions) even += t[c[p]];
        return even + odd;
    }

    /// <summary>
    /// Four codes at once, each with its even and odd partial sums: eight independent chains. The code pointers
    /// advance with the tables and four positions are taken per iteration, so the loop is loads and additions
    /// (the order within each chain is unchanged).
    /// </summary>
    private static void Sum4(float* t, byte* c0, nint codeSize, int positions, float* s)
    {
        byte* c1 = c0 + codeSize, c2 = c1 + codeSize, c3 = c2 + codeSize;
        float e0 = 0, o0 = 0, e1 = 0, o1 = 0, e2 = 0, o2 = 0, e3 = 0, o3 = 0;
        int p = 0;
        for (; p + 4 <= positions; p += 4, t += 4 * Entries, c0 += 4, c1 += 4, c2 += 4, c3 += 4)
        {
            e0 += t[c0[0]]; o0 += t[Entries + c0[1]];
            e1 += t[c1[0]]; o1 += t[Entries + c1[1]];
            e2 += t[c2[0]]; o2 += t[Entries + c2[1]];
            e3 += t[c3[0]]; o3 += t[Entries + c3[1]];
            e0 += t[2 * Entries + c0[2]]; o0 += t[3 * Entries + c0[3]];
            e1 += t[2 * Entries + c1[2]]; o1 += t[3 * Entries + c1[3]];
            e2 += t[2 * Entries + c2[2]]; o2 += t[3 * Entries + c2[3]];
            e3 += t[2 * Entries + c3[2]]; o3 += t[3 * Entries + c3[3]];
        }
        for (; p + 2 <= positions; p += 2, t += 2 * Entries, c0 += 2, c1 += 2, c2 += 2, c3 += 2)
        {
            e0 += t[c0[0]]; o0 += t[Entries + c0[1]];
            e1 += t[c1[0]]; o1 += t[Entries + c1[1]];
            e2 += t[c2[0]]; o2 += t[Entries + c2[1]];
            e3 += t[c3[0]]; o3 += t[Entries + c3[1]];
        }
        if (p < positions)
        {
            e0 += t[c0[0]];
            e1 += t[c1[0]];
            e2 += t[c2[0]];
            e3 += t[c3[0]];
        }
        s[0] = e0 + o0;
        s[1] = e1 + o1;
        s[2] = e2 + o2;
        s[3] = e3 + o3;
    }

    private static void Check(ReadOnlySpan<float> table, ReadOnlySpan<byte> codes, int codeSize, int offset, int positions, int n)
    {
        if (codeSize <= 0 || offset < 0 || positions < 0 || offset + positions > codeSize
            || table.Length < (long)positions * Entries || codes.Length < (long)n * codeSize)
            throw new ArgumentException($"lookup scan: {positions} positions at offset {offset} of {codeSize}-byte codes need a table of {(long)positions * Entries} and {(long)n * codeSize} code bytes; found {table.Length} and {codes.Length}");
    }

    /// <summary>
    /// Fills one 256-entry table per byte of a bit code: entry <c>v</c> of table <c>p</c> is the sum of
    /// <c>weights[8p + k]</c> over the bits <c>k</c> set in <c>v</c> (bit k = the value's 2ᵏ bit), with weights
    /// past the end taken as 0. Built by doubling (entries 2ᵏ..2ᵏ⁺¹ are entries 0..2ᵏ plus weight k), so each
    /// entry is a sum in increasing bit order.
    /// </summary>
    public static void BitTables(ReadOnlySpan<float> weights, Span<float> tables)
    {
        int bytes = (weights.Length + 7) / 8;
        if (tables.Length < bytes * Entries) throw new ArgumentException($"expected a table of {bytes * Entries} floats, found {tables.Length}");
        for (int p = 0; p < bytes; p++)
        {
            Span<float> table = tables.Slice(p * Entries, Entries);
            table[0] = 0;
            for (int k = 0; k < 8; k++)
            {
                int j = 8 * p + k;
                float w = j < weights.Length ? weights[j] : 0f;
                int half = 1 << k;
                for (int v = 0; v < half; v++) table[half + v] = table[v] + w;
            }
        }
    }
}
