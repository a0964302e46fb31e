namespace Embedkit.SkipGram;

/// <summary>The embeddings a skip-gram encoder learnt and what the run did.</summary>
public sealed record SkipGramRun(EmbeddingSet Embeddings, SkipGramStatistics Statistics);
