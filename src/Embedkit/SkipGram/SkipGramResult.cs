namespace Embedkit.SkipGram;

/// <summary>What <see cref="SkipGramTrainer"/> produced: the input matrix (rows × dimension), the positive pairs it trained on, and its worker threads.</summary>
internal sealed record SkipGramResult(float[] Vectors, long Pairs, int Threads);
