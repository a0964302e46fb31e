using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Embedkit.Search;

public sealed partial record IndexSpec
{
    /// <summary>What a factory string may be, for error messages.</summary>
    public const string Accepted =
        "Flat; a codec alone: F16, SQ8, PQ<m> (or PQ<m>x8), BIN1, BIN2, BIN4 (BIN<b>, b = 1..8); HNSW<M>[,<storage>]; IVF<lists>,<storage>; " +
        "each optionally followed by ,Refine(<storage>), where <storage> is Flat or a codec. " +
        "Examples: Flat, SQ8, PQ16, BIN2,Refine(Flat), HNSW32, HNSW32,SQ8, IVF1024,PQ16, IVF256,Flat";

    /// <summary>Parses a factory string (see the grammar in the remarks).</summary>
    /// <exception cref="InvalidInputException">When the string does not follow the grammar; the message says what is wrong and lists what is accepted.</exception>
    public static IndexSpec Parse(string text)
    {
        if (TryParse(text, out IndexSpec? spec, out string? error)) return spec;
        return ThrowHelper.InvalidInput<IndexSpec>($"invalid index factory string '{text}': {error}. Accepted: {Accepted}", field: "index");
    }

    /// <summary>Parses a factory string; false, with the reason in <paramref name="error"/>, when it does not follow the grammar.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IndexSpec? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it is empty";
            return false;
        }
        List<string>? parts = SplitTopLevel(text, out error);
        if (parts is null)
        {
            error ??= "it is malformed";
            return false;
        }

        IndexSpec? refine = null;
        string last = parts[^1];
        Match refineMatch = RefinePattern().Match(last);
        if (refineMatch.Success)
        {
            if (parts.Count == 1)
            {
                error = "Refine(…) re-ranks the candidates of another index and must follow it, as in BIN2,Refine(Flat)";
                return false;
            }
            string inner = refineMatch.Groups[1].Value.Trim();
            if (!TryStorage(inner, out CodecSpec? refineCodec, out error))
            {
                error = $"Refine({inner}): {error}; Refine takes Flat or a codec";
                return false;
            }
            refine = new IndexSpec { Codec = refineCodec };
            parts.RemoveAt(parts.Count - 1);
        }
        foreach (string part in parts)
        {
            if (part.StartsWith("Refine", StringComparison.OrdinalIgnoreCase))
            {
                error = $"'{part}': Refine(<storage>) must be the last component";
                return false;
            }
        }

        string head = parts[0];
        IndexSpec main;
        int used = 1;
        if (head.StartsWith("HNSW", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryNumber(head, "HNSW", "HNSW32", out int m, out error)) return false;
            CodecSpec? codec = null;
            if (parts.Count > 1)
            {
                if (!TryStorage(parts[1], out codec, out error)) { error = $"HNSW{m},{parts[1]}: {error}"; return false; }
                used = 2;
            }
            main = new IndexSpec { Structure = IndexStructure.Hnsw, StructureParameter = m, Codec = codec };
        }
        else if (head.StartsWith("IVF", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryNumber(head, "IVF", "IVF1024", out int lists, out error)) return false;
            if (parts.Count < 2)
            {
                error = $"IVF{lists} needs its storage after a comma, as in IVF{lists},Flat, IVF{lists},SQ8 or IVF{lists},PQ16";
                return false;
            }
            if (!TryStorage(parts[1], out CodecSpec? codec, out error)) { error = $"IVF{lists},{parts[1]}: {error}"; return false; }
            main = new IndexSpec { Structure = IndexStructure.Ivf, StructureParameter = lists, Codec = codec };
            used = 2;
        }
        else
        {
            if (!TryStorage(head, out CodecSpec? codec, out error)) return false;
            main = new IndexSpec { Codec = codec };
        }
        if (used < parts.Count)
        {
            error = $"unexpected '{parts[used]}' after '{string.Join(",", parts.Take(used))}'";
            return false;
        }
        if (refine is not null && main.Structure == IndexStructure.Flat && main.Codec is null)
        {
            error = "Flat is exact already; Refine(…) re-ranks an approximate index (a codec, HNSW or IVF)";
            return false;
        }
        spec = main with { Refine = refine };
        error = null;
        return true;
    }

    [GeneratedRegex(@"^Refine\((.*)\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RefinePattern();

    [GeneratedRegex(@"^PQ(\d+)(?:x(\d+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PQPattern();

    [GeneratedRegex(@"^BIN(\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BinPattern();

    /// <summary>Splits at the commas outside parentheses, trimming each part; refuses empty parts and unbalanced parentheses.</summary>
    private static List<string>? SplitTopLevel(string text, out string? error)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ',';
            if (c == '(') depth++;
            else if (c == ')' && --depth < 0) break;
            else if (c == ',' && depth == 0)
            {
                string part = text[start..Math.Min(i, text.Length)].Trim();
                if (part.Length == 0)
                {
                    error = "it has an empty component (two commas in a row, or a comma at an end)";
                    return null;
                }
                parts.Add(part);
                start = i + 1;
            }
        }
        if (depth != 0)
        {
            error = "its parentheses do not match";
            return null;
        }
        error = null;
        return parts;
    }

    /// <summary>The positive whole number after <paramref name="keyword"/> in <paramref name="part"/>; an error naming <paramref name="example"/> otherwise.</summary>
    private static bool TryNumber(string part, string keyword, string example, out int number, [NotNullWhen(false)] out string? error)
    {
        string digits = part[keyword.Length..];
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0)
        {
            error = null;
            return true;
        }
        number = 0;
        error = $"'{part}': {keyword} takes a positive whole number, as in {example}";
        return false;
    }

    /// <summary>Flat (codec null) or a codec.</summary>
    private static bool TryStorage(string part, out CodecSpec? codec, [NotNullWhen(false)] out string? error)
    {
        codec = null;
        error = null;
        if (part.Equals("Flat", StringComparison.OrdinalIgnoreCase)) return true;
        if (part.Equals("F16", StringComparison.OrdinalIgnoreCase)) { codec = new CodecSpec(CodecKind.F16); return true; }
        if (part.Equals("SQ8", StringComparison.OrdinalIgnoreCase)) { codec = new CodecSpec(CodecKind.SQ8); return true; }
        Match pq = PQPattern().Match(part);
        if (pq.Success)
        {
            if (!int.TryParse(pq.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m <= 0)
            {
                error = $"'{part}': PQ takes a positive number of sub-quantizers, as in PQ16";
                return false;
            }
            if (pq.Groups[2].Success && pq.Groups[2].Value != "8")
            {
                error = $"'{part}': only 8 bits per sub-quantizer are supported (PQ{m}x8, printed PQ{m})";
                return false;
            }
            codec = new CodecSpec(CodecKind.PQ, m);
            return true;
        }
        Match bin = BinPattern().Match(part);
        if (bin.Success)
        {
            if (!int.TryParse(bin.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b is < 1 or > ResidualBinaryCodec.MaxLevels)
            {
                error = $"'{part}': BIN takes 1..{ResidualBinaryCodec.MaxLevels} bits per dimension, as in BIN1, BIN2, BIN4";
                return false;
            }
            codec = new CodecSpec(CodecKind.Binary, b);
            return true;
        }
        error = part.StartsWith("SQ", StringComparison.OrdinalIgnoreCase)
            ? $"'{part}': only SQ8 (8 bits per dimension) is available; for 16 bits use F16"
            : $"'{part}' is not a storage (Flat, F16, SQ8, PQ<m>, BIN<b>)";
        return false;
    }
}
