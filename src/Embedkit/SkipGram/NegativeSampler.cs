namespace Embedkit.SkipGram;

/// <summary>
/// Negative samples per row partition: row r of partition b is drawn with probability ∝ frequency(r)^exponent
/// among b's rows (uniformly when none of b's rows has a positive frequency).
/// </summary>
internal sealed class NegativeSampler
{
    private readonly Table[] _tables;

    private NegativeSampler(Table[] tables) => _tables = tables;

    public static NegativeSampler Create(ReadOnlySpan<double> frequencies, int[] partitionOf, int partitions, double exponent)
    {
        var members = new List<int>[partitions];
        for (int p = 0; p < partitions; p++) members[p] = [];
        for (int row = 0; row < partitionOf.Length; row++) members[partitionOf[row]].Add(row);
        var tables = new Table[partitions];
        for (int p = 0; p < partitions; p++)
        {
            int[] rows = members[p].ToArray();
            if (rows.Length == 0) { tables[p] = new Table([], null); continue; }
            var weights = new double[rows.Length];
            bool any = false;
            for (int i = 0; i < rows.Length; i++)
            {
                double f = frequencies[rows[i]];
                weights[i] = f > 0 ? Math.Pow(f, exponent) : 0;
                any |= weights[i] > 0;
            }
            if (!any) Array.Fill(weights, 1.0);
            tables[p] = new Table(rows, AliasTable.Create(weights));
        }
        return new NegativeSampler(tables);
    }

    /// <summary>The sampler of partition <paramref name="partition"/>.</summary>
    public Table Partition(int partition) => _tables[partition];

    /// <summary>One partition's alias table over its rows.</summary>
    public readonly struct Table(int[] rows, AliasTable? alias)
    {
        /// <summary>A row of the partition drawn from 64 random bits.</summary>
        public int Sample(ulong random) => rows[alias!.Sample(random)];
    }
}
