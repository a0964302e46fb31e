namespace Embedkit.Search;

/// <summary>
/// Builds the index of a factory string's structure (HNSW, IVF) for <see cref="IndexFactory"/>: given the parsed
/// spec without its <c>Refine(…)</c> suffix (the factory wraps that), the dimension and the metric, returns an
/// empty index. Registered with <see cref="IndexFactory.Register"/>.
/// </summary>
public delegate IVectorIndex IndexBuilder(IndexSpec spec, int dimension, Metric metric);
