using Embedkit.Text;

namespace Embedkit.Tests.Text;

public class TextCorpusEncoderTests
{
    /// <summary>Writes each text's length as its one-value vector and calls texts over 5 characters truncated.</summary>
    private sealed class LengthEncoder : ITextEncoder
    {
        public int Dimension => 1;

        public int Encode(IReadOnlyList<string> texts, TextRole role, Span<float> destination, CancellationToken cancellationToken = default)
        {
            for (int i = 0; i < texts.Count; i++) destination[i] = texts[i].Length;
            return texts.Count(t => t.Length > 5);
        }
    }

    private sealed class Recorder : IProgress<ProgressReport>
    {
        public List<ProgressReport> Reports { get; } = [];

        public void Report(ProgressReport value) => Reports.Add(value);
    }

    [Fact]
    public void Encode_HandsEveryBlockToTheSink_InOrder_AndSumsTruncation()
    {
        // 7 documents in blocks of 3: blocks of 3, 3, 1; lengths 1..7, of which 6 and 7 exceed 5 characters.
        var documents = Enumerable.Range(1, 7).Select(i => new TextDocument($"d{i}", new string('x', i), i)).ToList();
        var ids = new List<string>();
        var values = new List<float>();
        var blocks = new List<int>();
        var progress = new Recorder();
        var (count, truncated) = TextCorpusEncoder.Encode(new LengthEncoder(), documents, (block, rows) =>
        {
            blocks.Add(block.Count);
            ids.AddRange(block.Select(d => d.Id));
            values.AddRange(rows.ToArray());
        }, blockSize: 3, progress: progress, total: 7);
        Assert.Equal(7, count);
        Assert.Equal(2, truncated);
        Assert.Equal([3, 3, 1], blocks);
        Assert.Equal(documents.Select(d => d.Id), ids);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7], values);
        Assert.Equal([3L, 6, 7], progress.Reports.Select(r => r.Completed));
        Assert.All(progress.Reports, r => Assert.Equal(7, r.Total));
    }
}
