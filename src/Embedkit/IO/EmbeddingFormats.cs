namespace Embedkit.IO;

/// <summary>Reads and writes embedding sets in the format that a path's extension names.</summary>
public static class EmbeddingFormats
{
    private static readonly (string Extension, EmbeddingFormat Format)[] Table =
    [
        (".ekv", EmbeddingFormat.Ekv),
        (".npy", EmbeddingFormat.Npy),
        (".bin", EmbeddingFormat.Word2VecBinary),
        (".bin.gz", EmbeddingFormat.Word2VecBinary),
        (".txt", EmbeddingFormat.Word2VecText),
        (".txt.gz", EmbeddingFormat.Word2VecText),
        (".vec", EmbeddingFormat.Word2VecText),
        (".vec.gz", EmbeddingFormat.Word2VecText),
        (".w2v", EmbeddingFormat.Word2VecText),
        (".w2v.gz", EmbeddingFormat.Word2VecText),
        (".tsv", EmbeddingFormat.Tsv),
        (".tsv.gz", EmbeddingFormat.Tsv),
    ];

    /// <summary>Every extension that <see cref="Detect"/> accepts (case-insensitive), <c>.ekv</c> first.</summary>
    public static IReadOnlyList<string> Extensions { get; } = Array.ConvertAll(Table, t => t.Extension);

    /// <summary>The format named by the extension of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">When the extension is not one of <see cref="Extensions"/>.</exception>
    public static EmbeddingFormat Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string name = Path.GetFileName(path);
        foreach (var (extension, format) in Table)
        {
            if (name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                return format;
        }
        string found = Path.GetExtension(path) is { Length: > 0 } e ? $"'{e}'" : "no extension";
        return ThrowHelper.InvalidInput<EmbeddingFormat>(
            $"unknown embedding file format: expected one of {string.Join(", ", Extensions)}, found {found}", path, field: "extension");
    }

    /// <summary>Reads the embedding file at <paramref name="path"/> in the format its extension names.</summary>
    /// <exception cref="InvalidInputException">When the extension is unknown, the file is malformed, or two rows share an id.</exception>
    public static EmbeddingSet Read(string path)
    {
        EmbeddingSet set = ReadFormat(path);
        IdRules.RequireUnique(set.Ids, path);
        return set;
    }

    private static EmbeddingSet ReadFormat(string path) => Detect(path) switch
    {
        EmbeddingFormat.Ekv => EmbeddingFile.Read(path),
        EmbeddingFormat.Npy => NpyFormat.Read(path),
        EmbeddingFormat.Word2VecBinary => Word2VecBinaryFormat.Read(path),
        EmbeddingFormat.Word2VecText => Word2VecTextFormat.Read(path),
        EmbeddingFormat.Tsv => TsvFormat.Read(path),
        var f => throw new InvalidOperationException($"format {f} has no reader"),
    };

    /// <summary>Writes <paramref name="set"/> to <paramref name="path"/> (atomically) in the format its extension names.</summary>
    /// <exception cref="InvalidInputException">When the extension is unknown, the folder does not exist, or the format cannot store an id or value.</exception>
    public static void Write(string path, EmbeddingSet set)
    {
        switch (Detect(path))
        {
            case EmbeddingFormat.Ekv: EmbeddingFile.Write(path, set); break;
            case EmbeddingFormat.Npy: NpyFormat.Write(path, set); break;
            case EmbeddingFormat.Word2VecBinary: Word2VecBinaryFormat.Write(path, set); break;
            case EmbeddingFormat.Word2VecText: Word2VecTextFormat.Write(path, set); break;
            case EmbeddingFormat.Tsv: TsvFormat.Write(path, set); break;
            default: throw new InvalidOperationException($"format {Detect(path)} has no writer");
        }
    }
}
