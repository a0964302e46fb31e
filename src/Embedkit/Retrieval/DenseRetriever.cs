using Embedkit.Search;
using Embedkit.Text;

namespace Embedkit.Retrieval;

/// <summary>
/// Dense retrieval: the documents are encoded once as <see cref="TextRole.Document"/>, the queries as
/// <see cref="TextRole.Query"/>, and each query returns its nearest documents by cosine similarity (exact search in a
/// <see cref="FlatIndex"/>), in trec_eval's order. Any <see cref="ITextEncoder"/> plugs in.
/// </summary>
public sealed class DenseRetriever
{
    private readonly ITextEncoder _encoder;
    private readonly FlatIndex _index;
    private readonly string[] _ids;
    private readonly int _batchSize;

    private DenseRetriever(ITextEncoder encoder, FlatIndex index, string[] ids, int batchSize)
    {
        _encoder = encoder;
        _index = index;
        _ids = ids;
        _batchSize = batchSize;
    }

    /// <summary>
    /// Texts handed to the encoder at once by default. An encoder such as the ONNX one sorts each call's texts by
    /// length before it batches them by tokens, so a large call pads less (SciFact's abstracts run from a few to
    /// 500+ tokens); the vectors do not depend on it.
    /// </summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>Number of documents.</summary>
    public int Count => _ids.Length;

    /// <summary>Encodes <paramref name="texts"/> (BEIR encodes <c>title + " " + text</c>) and indexes them under <paramref name="ids"/>.</summary>
    /// <exception cref="InvalidInputException">When there are no documents or an id repeats.</exception>
    public static DenseRetriever Build(ITextEncoder encoder, IReadOnlyList<string> ids, IReadOnlyList<string> texts, int batchSize = DefaultBatchSize,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(texts);
        ThrowHelper.RequireOption(batchSize > 0, "--batch-size (batchSize)", "a positive count", batchSize);
        if (ids.Count != texts.Count) throw new ArgumentException($"ids ({ids.Count}) and texts ({texts.Count}) differ in length", nameof(texts));
        CorpusIds.Require(ids);
        float[] vectors = Encode(encoder, texts, TextRole.Document, batchSize, progress, cancellationToken);
        var index = new FlatIndex(encoder.Dimension, Metric.Cosine);
        var rows = new long[ids.Count];
        for (int i = 0; i < rows.Length; i++) rows[i] = i;
        index.Add(rows, vectors);
        return new DenseRetriever(encoder, index, ids.ToArray(), batchSize);
    }

    /// <summary>The <paramref name="k"/> most similar documents for each query, in trec_eval's order.</summary>
    public ScoredId[][] Search(IReadOnlyList<string> queries, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var results = new ScoredId[queries.Count][];
        if (queries.Count == 0) return results;
        float[] vectors = Encode(_encoder, queries, TextRole.Query, _batchSize, null, cancellationToken);
        int depth = Math.Min(k, Count);
        Neighbors found = _index.Search(vectors, depth);
        for (int q = 0; q < queries.Count; q++)
        {
            var ids = found.IdsOf(q);
            var scores = found.ScoresOf(q);
            var hits = new List<ScoredId>(depth);
            for (int j = 0; j < depth; j++) if (ids[j] >= 0) hits.Add(new ScoredId(_ids[ids[j]], scores[j]));
            hits.Sort(ScoredId.CompareTrec);
            results[q] = hits.ToArray();
        }
        return results;
    }

    internal static float[] Encode(ITextEncoder encoder, IReadOnlyList<string> texts, TextRole role, int batchSize,
        IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        int d = encoder.Dimension;
        var vectors = new float[checked((long)texts.Count * d)];
        var batch = new List<string>(batchSize);
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Clear();
            for (int i = start; i < Math.Min(texts.Count, start + batchSize); i++) batch.Add(texts[i]);
            encoder.Encode(batch, role, vectors.AsSpan(start * d, batch.Count * d), cancellationToken);
            progress?.Report(new ProgressReport("encoding", start + batch.Count, texts.Count));
        }
        return vectors;
    }
}
