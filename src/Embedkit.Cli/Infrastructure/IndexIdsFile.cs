using System.Text;
using Embedkit.IO;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The string ids of an index built by <c>index build</c>: the index keys rows by number (id i is row i of
/// the embeddings file), and this sidecar, <c>x.eki</c> → <c>x.eki.ids.txt</c>, one id per line (UTF-8, LF),
/// maps them back, as the <c>.npy</c> sidecar does (named apart from it, so an index built beside <c>x.npy</c>
/// never overwrites <c>x.ids.txt</c>).
/// </summary>
internal static class IndexIdsFile
{
    /// <summary>The sidecar path of <paramref name="indexPath"/>.</summary>
    public static string PathOf(string indexPath) => indexPath + ".ids.txt";

    /// <summary>Writes the sidecar atomically; ids with CR or LF are refused before anything is written.</summary>
    public static void Write(string indexPath, IReadOnlyList<string> ids)
    {
        string path = PathOf(indexPath);
        foreach (string id in ids)
            if (id.Contains('\n') || id.Contains('\r'))
                throw new InvalidInputException($"id '{id.ReplaceLineEndings(" ")}' contains CR or LF, which the ids file {path} cannot hold", path, field: "id");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            foreach (string id in ids) { writer.Write(id); writer.Write('\n'); }
        });
    }

    /// <summary>The ids of an index of <paramref name="count"/> rows, or null when the sidecar is missing (ids are then numbers).</summary>
    public static string[]? Read(string indexPath, int count)
    {
        string path = PathOf(indexPath);
        if (!File.Exists(path)) return null;
        string text;
        try { text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException) { throw new InvalidInputException("the ids file is not valid UTF-8", path, field: "id"); }
        var ids = text.Split('\n');
        int lines = ids.Length > 0 && ids[^1].Length == 0 ? ids.Length - 1 : ids.Length;
        if (lines < count)
            throw new InvalidInputException($"expected at least {count} ids (one per indexed row), found {lines}", path, field: "id");
        return ids[..lines];
    }
}
