using System.Globalization;
using Embedkit.IO;

namespace Embedkit.Evaluation;

/// <summary>
/// Reads scored sentence pairs. Accepted:
/// <list type="bullet">
/// <item>a folder: <c>SPLIT.tsv</c> if present, else STS-B's original <c>sts-SPLIT.csv</c>;</item>
/// <item><c>*.csv</c>: STS-B's original distribution file, tab-separated despite its name (genre, filename, year, id,
/// score, sentence1, sentence2, and sometimes two more source fields), no header, never quoted;</item>
/// <item>any other file: tab-separated with a header naming the columns <c>score</c>, <c>sentence1</c> and
/// <c>sentence2</c> (others ignored), or without a header: <c>sentence1 TAB sentence2 TAB score</c>.</item>
/// </list>
/// Fields are kept byte for byte (no trimming: STS-B has trailing spaces). Scores must be finite numbers.
/// </summary>
public static class StsDataset
{
    /// <summary>Reads the pairs of <paramref name="path"/> (a file, or a folder and its <paramref name="split"/>).</summary>
    /// <exception cref="InvalidInputException">Naming the file, line and field of the first problem.</exception>
    public static IReadOnlyList<StsPair> Read(string path, string split = "test")
    {
        if (Directory.Exists(path))
        {
            string tsv = Path.Combine(path, split + ".tsv"), csv = Path.Combine(path, $"sts-{split}.csv");
            if (File.Exists(tsv)) path = tsv;
            else if (File.Exists(csv)) path = csv;
            else ThrowHelper.InvalidInput($"expected {split}.tsv or sts-{split}.csv (STS-B) in the folder, found neither", path, field: "--split");
        }
        if (!File.Exists(path)) ThrowHelper.InvalidInput("expected an STS file (sts-test.csv or a TSV of sentence1, sentence2, score), found no such file", path);
        bool original = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var pairs = new List<StsPair>();
        using var reader = InputFile.OpenLines(path);
        int scoreAt = original ? 4 : 2, firstAt = original ? 5 : 0, secondAt = original ? 6 : 1;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (!original && reader.LineNumber == 1 && fields.Contains("score") && fields.Contains("sentence1") && fields.Contains("sentence2"))
            {
                scoreAt = Array.IndexOf(fields, "score");
                firstAt = Array.IndexOf(fields, "sentence1");
                secondAt = Array.IndexOf(fields, "sentence2");
                continue;
            }
            int needed = Math.Max(scoreAt, Math.Max(firstAt, secondAt)) + 1;
            if (fields.Length < needed)
                ThrowHelper.InvalidInput($"expected at least {needed} tab-separated fields ({(original ? "genre, filename, year, id, score, sentence1, sentence2" : "sentence1, sentence2, score or the header's columns")}), found {fields.Length}: '{Excerpt.Of(line)}'", path, reader.LineNumber);
            if (!double.TryParse(fields[scoreAt], NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || !double.IsFinite(score))
                ThrowHelper.InvalidInput($"field 'score' (field {scoreAt + 1}): expected a number, found '{Excerpt.Of(fields[scoreAt])}'", path, reader.LineNumber, "score");
            pairs.Add(new StsPair(fields[firstAt], fields[secondAt], score));
        }
        if (pairs.Count < 2) ThrowHelper.InvalidInput($"expected at least 2 scored pairs, found {pairs.Count}", path);
        return pairs;
    }
}
