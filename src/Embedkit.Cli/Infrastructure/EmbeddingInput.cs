using Embedkit.IO;

namespace Embedkit.Cli.Infrastructure;

/// <summary>Reads an embeddings file for a command, with the checks and warnings a user needs at the CLI.</summary>
internal static class EmbeddingInput
{
    /// <summary>
    /// Reads <paramref name="path"/>; warns when a <c>.npy</c> has no ids sidecar (rows then get ids
    /// 0..n−1, which only match a label file if the rows are in that order), and refuses NaN or
    /// infinite values, naming the file and the row.
    /// </summary>
    public static EmbeddingSet Read(string path)
    {
        var set = EmbeddingFormats.Read(path);
        if (EmbeddingFormats.Detect(path) == EmbeddingFormat.Npy && !File.Exists(NpyFormat.IdsPath(path)))
            Ui.Warn($"{path}: no ids file {Path.GetFileName(NpyFormat.IdsPath(path))} beside it, so rows are given ids 0..{set.Count - 1} in file order");
        for (int row = 0; row < set.Count; row++)
        {
            foreach (float x in set.Row(row))
                if (!float.IsFinite(x))
                    throw new InvalidInputException($"row {row} (id '{set.Ids[row]}') contains {x}; expected finite values", path, field: "values");
        }
        return set;
    }
}
