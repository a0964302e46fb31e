using System.Numerics.Tensors;
using Embedkit.Retrieval;
using Embedkit.Text;

namespace Embedkit.Evaluation;

/// <summary>
/// Semantic textual similarity as sentence-transformers' <c>EmbeddingSimilarityEvaluator</c> and MTEB score it: both
/// sentences of each pair are encoded (as documents), their cosine similarity is compared with the gold score by
/// Spearman's ρ (and Pearson's r). A zero vector has cosine 0 with anything.
/// </summary>
public static class StsEvaluator
{
    /// <summary>Encodes and scores <paramref name="pairs"/>.</summary>
    /// <exception cref="InvalidInputException">When fewer than 2 pairs are given or the scores or similarities are constant.</exception>
    public static StsReport Evaluate(ITextEncoder encoder, IReadOnlyList<StsPair> pairs, int batchSize = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count < 2) ThrowHelper.InvalidInput($"STS needs at least 2 pairs, found {pairs.Count}", field: nameof(pairs));
        int d = encoder.Dimension;
        float[] first = DenseRetriever.Encode(encoder, pairs.Select(p => p.Sentence1).ToArray(), TextRole.Document, batchSize, null, cancellationToken);
        float[] second = DenseRetriever.Encode(encoder, pairs.Select(p => p.Sentence2).ToArray(), TextRole.Document, batchSize, null, cancellationToken);
        var similarity = new double[pairs.Count];
        var gold = new double[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var a = first.AsSpan(i * d, d);
            var b = second.AsSpan(i * d, d);
            float na = TensorPrimitives.Norm(a), nb = TensorPrimitives.Norm(b);
            similarity[i] = na == 0 || nb == 0 ? 0 : TensorPrimitives.Dot(a, b) / ((double)na * nb);
            gold[i] = pairs[i].Score;
        }
        if (similarity.All(v => v == similarity[0]))
            ThrowHelper.InvalidInput($"every pair has the same cosine similarity ({similarity[0]:G6}); the correlation is undefined (does the encoder give every text the same vector?)", field: nameof(encoder));
        if (gold.All(v => v == gold[0]))
            ThrowHelper.InvalidInput($"every pair has the same gold score ({gold[0]:G6}); the correlation is undefined", field: "score");
        return new StsReport(Spearman.Correlation(similarity, gold), Spearman.Pearson(similarity, gold), pairs.Count);
    }
}
