using System.Numerics.Tensors;
using Embedkit.Text;

namespace Embedkit.Tests.Text;

/// <summary>
/// A small deterministic text encoder for tests: a hashed bag of words. Each lower-cased run of letters or digits adds
/// 1 to bucket FNV-1a(word) mod Dimension; the row is then L2-normalised (an empty text stays all zero). Without
/// collisions the cosine of two texts is therefore (shared word counts) / (‖counts‖·‖counts‖), which tests compute
/// by hand. The role is ignored.
/// </summary>
internal sealed class HashingTestEncoder(int dimension = 1024) : ITextEncoder
{
    public int Dimension { get; } = dimension;

    public int Calls;

    public int Encode(IReadOnlyList<string> texts, TextRole role, Span<float> destination, CancellationToken cancellationToken = default)
    {
        if (destination.Length != texts.Count * Dimension) throw new ArgumentException("destination is not texts × dimension long", nameof(destination));
        Interlocked.Increment(ref Calls);
        destination.Clear();
        for (int i = 0; i < texts.Count; i++)
        {
            var row = destination.Slice(i * Dimension, Dimension);
            foreach (string word in Words(texts[i])) row[Bucket(word)] += 1;
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
        return 0;
    }

    public int Bucket(string word)
    {
        uint hash = 2166136261;
        foreach (char c in word) hash = (hash ^ c) * 16777619;
        return (int)(hash % (uint)Dimension);
    }

    public static IEnumerable<string> Words(string text)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0) { yield return text[start..i].ToLowerInvariant(); start = -1; }
        }
    }

    /// <summary>Throws unless the words of <paramref name="texts"/> fall into distinct buckets (the hand-worked cosines assume it).</summary>
    public void RequireNoCollisions(params string[] texts)
    {
        var words = texts.SelectMany(Words).Distinct().ToArray();
        Assert.Equal(words.Length, words.Select(Bucket).Distinct().Count());
    }
}
