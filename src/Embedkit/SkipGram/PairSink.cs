namespace Embedkit.SkipGram;

/// <summary>
/// The pairs one generator thread produced for a chunk, bucketed by block: block (a, b) holds the
/// pairs whose input row is in partition a and whose output row is in partition b. Buffers are kept
/// between chunks, so a steady run allocates nothing.
/// </summary>
internal sealed class PairSink
{
    private readonly int[] _partitionOf;
    private readonly int _partitions;
    private readonly int[][] _pairs;
    private readonly int[] _counts;

    public PairSink(int[] partitionOf, int partitions)
    {
        _partitionOf = partitionOf;
        _partitions = partitions;
        _pairs = new int[partitions * partitions][];
        _counts = new int[partitions * partitions];
        for (int i = 0; i < _pairs.Length; i++) _pairs[i] = new int[64];
    }

    /// <summary>Positive pairs written since the last <see cref="Clear"/>.</summary>
    public long Total { get; private set; }

    /// <summary>Adds the positive pair (input row, output row).</summary>
    public void Add(int input, int output)
    {
        int block = _partitionOf[input] * _partitions + _partitionOf[output];
        int count = _counts[block];
        int[] pairs = _pairs[block];
        if (count + 2 > pairs.Length)
        {
            Array.Resize(ref pairs, pairs.Length * 2);
            _pairs[block] = pairs;
        }
        pairs[count] = input;
        pairs[count + 1] = output;
        _counts[block] = count + 2;
        Total++;
    }

    /// <summary>The pairs of block (a, b), interleaved input, output.</summary>
    public ReadOnlySpan<int> Block(int a, int b)
    {
        int block = a * _partitions + b;
        return _pairs[block].AsSpan(0, _counts[block]);
    }

    /// <summary>Empties every block, keeping the buffers.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Total = 0;
    }
}
