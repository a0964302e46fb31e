namespace Embedkit;

/// <summary>
/// Progress of long work, reported through <see cref="IProgress{T}"/>: the current stage and how far
/// it has got. Reports may come from worker threads; handlers must be thread-safe.
/// </summary>
/// <param name="Stage">What is being done, for example "hop 2/4".</param>
/// <param name="Completed">Units done in this stage.</param>
/// <param name="Total">Units in this stage.</param>
public readonly record struct ProgressReport(string Stage, long Completed, long Total);
