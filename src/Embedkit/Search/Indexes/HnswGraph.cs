namespace Embedkit.Search;

/// <summary>
/// An <see cref="HnswIndex"/>'s graph as plain arrays, the nodes numbered 0..count−1 in storage order (removed
/// slots left out): what an index file stores, apart from the vectors.
/// </summary>
/// <param name="Ids">The id of each node.</param>
/// <param name="Levels">The top layer of each node.</param>
/// <param name="Links0">Layer 0: per node, 1 + 2M int32, the count and then the linked node numbers (unused places zero).</param>
/// <param name="Upper">Layers 1 and up: for each node with level ≥ 1 in node order, per layer 1..level, 1 + M int32 as on layer 0.</param>
/// <param name="Entry">The entry point's node number, −1 when empty.</param>
/// <param name="Slots">Export only: the slot of each node, to read its vector from; null after reading a file.</param>
internal sealed record HnswGraph(long[] Ids, byte[] Levels, int[] Links0, int[] Upper, int Entry, int[]? Slots);
