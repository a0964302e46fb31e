namespace Embedkit.SkipGram;

/// <summary>
/// Which blocks of the pair grid each worker trains in each round, GraphVite-style (Zhu et al. 2019):
/// rows are split into P partitions, the pairs of a chunk into P × P blocks by (input partition, output
/// partition), and in every round the workers take blocks whose rows are disjoint, both in the input
/// and in the output matrix. So no two threads ever write the same row at the same time: training is
/// lock-free without Hogwild's races, and its result depends only on the seed and the thread count.
/// With T threads there are P = 2T partitions (one with one thread). A round-robin tournament
/// (the circle method) pairs the partitions: in each of P − 1 rounds worker w owns the partitions
/// {a, b} of its match and trains blocks (a, b) and (b, a); a last round trains the diagonal blocks,
/// (2w, 2w) and (2w + 1, 2w + 1). Every block is trained once per chunk and, because a worker's two
/// partitions are its own in both matrices, this also holds when output rows live in the input matrix.
/// </summary>
internal sealed class TrainingSchedule
{
    private readonly (int A, int B)[][][] _rounds;

    public TrainingSchedule(int workers)
    {
        if (workers <= 0) throw new ArgumentOutOfRangeException(nameof(workers));
        Workers = workers;
        Partitions = workers == 1 ? 1 : 2 * workers;
        if (workers == 1)
        {
            _rounds = [[[(0, 0)]]];
            return;
        }
        int p = Partitions;
        var rounds = new List<(int, int)[][]>();
        for (int r = 0; r < p - 1; r++)
        {
            var round = new (int, int)[workers][];
            for (int w = 0; w < workers; w++)
            {
                int a, b;
                if (w == 0) { a = p - 1; b = r; }
                else { a = (r + w) % (p - 1); b = (r - w + (p - 1)) % (p - 1); }
                round[w] = [(a, b), (b, a)];
            }
            rounds.Add(round);
        }
        var diagonal = new (int, int)[workers][];
        for (int w = 0; w < workers; w++) diagonal[w] = [(2 * w, 2 * w), (2 * w + 1, 2 * w + 1)];
        rounds.Add(diagonal);
        _rounds = rounds.ToArray();
    }

    /// <summary>Worker threads.</summary>
    public int Workers { get; }

    /// <summary>Row partitions P.</summary>
    public int Partitions { get; }

    /// <summary>Rounds per chunk.</summary>
    public int RoundCount => _rounds.Length;

    /// <summary>The blocks (input partition, output partition) of worker <paramref name="worker"/> in round <paramref name="round"/>.</summary>
    public ReadOnlySpan<(int A, int B)> Blocks(int round, int worker) => _rounds[round][worker];

    /// <summary>
    /// Assigns rows to partitions: rows sorted by falling frequency are dealt out in turn, so every
    /// partition gets about the same number of rows and the same share of the pairs.
    /// </summary>
    public int[] AssignPartitions(ReadOnlySpan<double> frequencies)
    {
        int n = frequencies.Length;
        var partitionOf = new int[n];
        if (Partitions == 1) return partitionOf;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = frequencies.ToArray();
        // Stable on ties (by row), so the assignment is a pure function of the frequencies.
        Array.Sort(order, (x, y) => keys[y].CompareTo(keys[x]) is var c and not 0 ? c : x.CompareTo(y));
        for (int rank = 0; rank < n; rank++) partitionOf[order[rank]] = rank % Partitions;
        return partitionOf;
    }
}
