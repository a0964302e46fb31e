using Embedkit.Onnx;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

/// <summary>The bundled models, opened once per test run (each ONNX session costs about a second and 100 MB).</summary>
public static class TextModelFixture
{
    private static readonly Lazy<OnnxTextEncoder> MiniLMEncoder = new(() => OnnxTextEncoder.Open(TextModel.MiniLM));
    private static readonly Lazy<OnnxTextEncoder> ArcticEncoder = new(() => OnnxTextEncoder.Open(TextModel.ArcticXs));

    /// <summary>all-MiniLM-L6-v2 with its own config.</summary>
    public static OnnxTextEncoder MiniLM => MiniLMEncoder.Value;

    /// <summary>snowflake-arctic-embed-xs with its own config.</summary>
    public static OnnxTextEncoder ArcticXs => ArcticEncoder.Value;

    /// <summary>The bert-base-uncased vocabulary both bundled models use.</summary>
    public static WordPieceTokenizer Tokenizer => MiniLM.Model.Tokenizer;

    /// <summary>Path of a file under TestData/text.</summary>
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "text", name);

    /// <summary>Encodes texts with an encoder into a fresh array.</summary>
    public static float[] Encode(ITextEncoder encoder, IReadOnlyList<string> texts, TextRole role = TextRole.Document)
    {
        var rows = new float[texts.Count * encoder.Dimension];
        encoder.Encode(texts, role, rows);
        return rows;
    }
}
