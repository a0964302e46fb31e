using System.Numerics.Tensors;
using Embedkit.Onnx;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

public class OnnxTextEncoderTests
{
    private static readonly string[] Published = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];

    [Fact]
    public void MiniLM_ReproducesThePublishedCosines()
    {
        // sentence-transformers' usage example (sbert.net, "Usage"): all-MiniLM-L6-v2 similarities
        // weather–sunny 0.6660, weather–stadium 0.1046, sunny–stadium 0.1411.
        var encoder = TextModelFixture.MiniLM;
        Assert.Equal(384, encoder.Dimension);
        float[] rows = TextModelFixture.Encode(encoder, Published);
        var v = (Span<float> r, int i) => r.Slice(i * 384, 384);
        Assert.Equal(0.6660, TensorPrimitives.Dot(v(rows, 0), v(rows, 1)), 3);
        Assert.Equal(0.1046, TensorPrimitives.Dot(v(rows, 0), v(rows, 2)), 3);
        Assert.Equal(0.1411, TensorPrimitives.Dot(v(rows, 1), v(rows, 2)), 3);
        for (int i = 0; i < 3; i++) Assert.Equal(1.0, TensorPrimitives.Norm(v(rows, i)), 5); // normalised
    }

    [Fact]
    public void Encode_SentenceAloneAndInMixedBatch_GiveTheSameVector()
    {
        // Padding is masked: a sentence batched with longer and shorter ones equals itself alone within 1e-5.
        var encoder = TextModelFixture.MiniLM;
        string sentence = "A man is playing a guitar.";
        float[] alone = TextModelFixture.Encode(encoder, [sentence]);
        string[] batch = ["Hi", sentence, string.Join(' ', Enumerable.Repeat("a much longer sentence about many things", 8)), "", "Two words"];
        float[] rows = TextModelFixture.Encode(encoder, batch);
        var inBatch = rows.AsSpan(384, 384);
        for (int i = 0; i < 384; i++) Assert.True(Math.Abs(alone[i] - inBatch[i]) < 1e-5, $"dimension {i}: {alone[i]} vs {inBatch[i]}");
    }

    [Fact]
    public void Encode_EmptyList_WritesNothing()
    {
        Assert.Equal(0, TextModelFixture.MiniLM.Encode([], TextRole.Document, Span<float>.Empty));
    }

    [Fact]
    public void Encode_RejectsWrongDestinationLength()
    {
        Assert.Throws<ArgumentException>(() => TextModelFixture.MiniLM.Encode(["a"], TextRole.Document, new float[10]));
    }

    [Fact]
    public void Encode_OddTexts_GiveFiniteUnitVectors()
    {
        // Empty, whitespace-only, control characters, emoji, right-to-left, CJK and a 100,000-character text.
        string[] texts = ["", "   \t ", "\u0001\u0002\u0007", "😀😀 🎉", "مرحبا بالعالم", "東京は日本の首都です", new string('x', 50_000) + " " + new string('y', 49_999)];
        float[] rows = TextModelFixture.Encode(TextModelFixture.MiniLM, texts);
        Assert.All(rows, x => Assert.True(float.IsFinite(x)));
        for (int i = 0; i < texts.Length; i++) Assert.Equal(1.0, TensorPrimitives.Norm(rows.AsSpan(i * 384, 384)), 5);
        // The empty and the whitespace-only text tokenise alike ([CLS] [SEP]), so their vectors are equal.
        Assert.True(rows.AsSpan(0, 384).SequenceEqual(rows.AsSpan(384, 384)));
    }

    [Fact]
    public void Encode_CountsTruncatedTexts()
    {
        // 300 words → 300 pieces > 254 of MiniLM's 256-token window; the short one is not truncated.
        string[] texts = [string.Join(' ', Enumerable.Repeat("hello", 300)), "short"];
        var rows = new float[2 * 384];
        Assert.Equal(1, TextModelFixture.MiniLM.Encode(texts, TextRole.Document, rows));
    }

    [Fact]
    public void Chunking_AveragesWindowVectors()
    {
        // With chunking, a text of 254 + 254 pieces (window 256, overlap 0) is the normalised mean of its two
        // halves' normalised vectors, each encoded alone.
        using var encoder = OnnxTextEncoder.Open(TextModel.MiniLM, new TextEncoderOptions { ChunkOverlap = 0 });
        string first = string.Join(' ', Enumerable.Repeat("sunny", 254));
        string second = string.Join(' ', Enumerable.Repeat("stadium", 254));
        float[] whole = TextModelFixture.Encode(encoder, [first + " " + second]);
        float[] halves = TextModelFixture.Encode(TextModelFixture.MiniLM, [first, second]);
        var expected = new float[384];
        TensorPrimitives.Add(halves.AsSpan(0, 384), halves.AsSpan(384, 384), expected);
        Pooling.NormalizeL2(expected);
        for (int i = 0; i < 384; i++) Assert.True(Math.Abs(expected[i] - whole[i]) < 1e-5, $"dimension {i}: {expected[i]} vs {whole[i]}");
        Assert.Equal(0, encoder.Encode([first + " " + second], TextRole.Document, new float[384]));
    }

    [Fact]
    public void ArcticXs_PrefixesQueries_AndUsesClsPooling()
    {
        var encoder = TextModelFixture.ArcticXs;
        Assert.Equal(PoolingMode.Cls, encoder.Pooling);
        Assert.Equal(512, encoder.MaxTokens);
        string query = "what causes rain";
        float[] asQuery = TextModelFixture.Encode(encoder, [query], TextRole.Query);
        float[] prefixed = TextModelFixture.Encode(encoder, ["Represent this sentence for searching relevant passages: " + query]);
        float[] asDocument = TextModelFixture.Encode(encoder, [query]);
        // A query is the document encoding of the prefixed text (arctic-embed's model card prefix); without it, another vector.
        for (int i = 0; i < 384; i++) Assert.True(Math.Abs(asQuery[i] - prefixed[i]) < 1e-5);
        Assert.True(TensorPrimitives.Dot(asQuery, asDocument) < 0.999f);
    }

    [Fact]
    public void Encode_IsThreadSafe()
    {
        // Four threads encoding the same texts through one shared session get the single-threaded vectors.
        float[] expected = TextModelFixture.Encode(TextModelFixture.MiniLM, Published);
        var results = new float[4][];
        Parallel.For(0, 4, t => results[t] = TextModelFixture.Encode(TextModelFixture.MiniLM, Published));
        foreach (var r in results)
            for (int i = 0; i < r.Length; i++) Assert.True(Math.Abs(expected[i] - r[i]) < 1e-5);
    }

    [Fact]
    public void Open_RejectsFolderWithoutVocabulary()
    {
        using var folder = new Embedkit.Tests.IO.TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "model.onnx"), [1, 2, 3]);
        var e = Assert.Throws<InvalidInputException>(() => OnnxTextEncoder.Open(folder.Path));
        Assert.Contains("vocab.txt", e.Message);
        Assert.Contains(folder.Path, e.Message);
    }

    [Fact]
    public void Open_RejectsModelWhoseOutputIsNotTokenEmbeddings()
    {
        // A valid ONNX model (written by hand, see TinyOnnx) whose only output is float [batch, sequence]: rank 2.
        using var folder = new Embedkit.Tests.IO.TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "model.onnx"), TinyOnnx.PooledOutputModel());
        File.WriteAllText(Path.Combine(folder.Path, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
        var e = Assert.Throws<InvalidInputException>(() => OnnxTextEncoder.Open(folder.Path));
        Assert.Contains("token embeddings", e.Message);
        Assert.Contains("pooled Float [-1,-1]", e.Message); // it lists what the model has
        Assert.Contains(Path.Combine(folder.Path, "model.onnx"), e.Message);
    }

    [Fact]
    public void Open_RejectsFileThatIsNotOnnx()
    {
        using var folder = new Embedkit.Tests.IO.TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "model.onnx"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(folder.Path, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        var e = Assert.Throws<InvalidInputException>(() => OnnxTextEncoder.Open(folder.Path));
        Assert.Contains("ONNX Runtime cannot load the model", e.Message);
    }

    [Fact]
    public void Open_RejectsUnknownModelName()
    {
        var e = Assert.Throws<InvalidInputException>(() => OnnxTextEncoder.Open("no-such-model"));
        Assert.Contains("--model", e.Message);
        Assert.Contains("minilm", e.Message);
    }
}
