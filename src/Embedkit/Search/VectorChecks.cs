using System.Globalization;
using System.Numerics.Tensors;

namespace Embedkit.Search;

/// <summary>
/// The checks every index makes at its boundary (shapes, ids, finite values, cosine zero vectors), in one
/// place so that the messages are the same for every index kind and the hot loops can run unchecked.
/// </summary>
internal static class VectorChecks
{
    /// <summary>The id that marks an unfilled result slot; never a valid id.</summary>
    public const long NoId = -1;

    /// <summary>Largest squared norm accepted: a quarter of float32's range, so that ‖x‖² + ‖y‖² − 2x·y cannot overflow.</summary>
    public const double MaxSquaredNorm = float.MaxValue / 4.0;

    /// <summary>
    /// Checks a batch to add: vectors.Length = ids × dimension, no id −1, no id twice, every component
    /// finite, a squared norm of at most <see cref="MaxSquaredNorm"/>, and no zero vector under cosine.
    /// </summary>
    public static void CheckBatch(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, int dimension, Metric metric, string what)
    {
        int n = ids.Length;
        if ((long)n * dimension != vectors.Length)
        {
            string found = n > 0 && vectors.Length % n == 0
                ? $"the {what} have dimension {vectors.Length / n} ({vectors.Length} values for {n} ids)"
                : $"{vectors.Length} values for {n} ids, which is not {n} × {dimension} = {(long)n * dimension}";
            ThrowHelper.InvalidInput($"dimension mismatch: the index has dimension {dimension}, {found}", field: what);
        }
        if (n == 0) return;
        var seen = new Dictionary<long, int>(n);
        for (int i = 0; i < n; i++)
        {
            long id = ids[i];
            if (id == NoId)
                ThrowHelper.InvalidInput($"{what} row {i}: id −1 is reserved (it marks an unfilled result slot)", field: "ids");
            if (!seen.TryAdd(id, i))
                ThrowHelper.InvalidInput($"{what} rows {seen[id]} and {i} have the same id {id}; expected each id once per batch", field: "ids");
        }
        CheckRows(vectors, dimension, metric, what, ids);
    }

    /// <summary>Checks every row: finite components, squared norm at most <see cref="MaxSquaredNorm"/>, not all zero under cosine.</summary>
    public static void CheckRows(ReadOnlySpan<float> rows, int dimension, Metric metric, string what, ReadOnlySpan<long> ids = default)
    {
        int n = rows.Length / dimension;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = rows.Slice(i * dimension, dimension);
            if (!TensorPrimitives.IsFiniteAll(row))
            {
                int c = 0;
                while (float.IsFinite(row[c])) c++;
                ThrowHelper.InvalidInput($"{Name(what, i, ids)}, component {c}: expected a finite number, found {row[c].ToString(CultureInfo.InvariantCulture)}", field: what);
            }
            double squared = SquaredNorm(row);
            if (squared > MaxSquaredNorm)
                ThrowHelper.InvalidInput($"{Name(what, i, ids)}: its squared norm {squared.ToString("G4", CultureInfo.InvariantCulture)} exceeds {MaxSquaredNorm:G4} (float32's largest value / 4), so its distances would overflow float32; scale the vectors down", field: what);
            if (metric == Metric.Cosine && squared == 0)
                ThrowHelper.InvalidInput($"{Name(what, i, ids)} is all zeros, which has no direction: cosine similarity is undefined for it; drop it or use l2 or ip", field: what);
        }
    }

    /// <summary>Σ xᵢ² in double precision (no overflow, no underflow for float32 input).</summary>
    public static double SquaredNorm(ReadOnlySpan<float> row)
    {
        double sum = 0;
        foreach (float v in row) sum += (double)v * v;
        return sum;
    }

    /// <summary>Refuses k ≤ 0.</summary>
    public static void RequireK(int k) =>
        ThrowHelper.RequireOption(k > 0, "--k (k)", "a positive number of results per query", k);

    /// <summary>The number of queries in <paramref name="queries"/>; refuses a length that is not a multiple of the dimension.</summary>
    public static int QueryCount(ReadOnlySpan<float> queries, int dimension)
    {
        if (queries.Length % dimension != 0)
            ThrowHelper.InvalidInput($"dimension mismatch: the index has dimension {dimension}, but the queries hold {queries.Length} values, not a whole number of {dimension}-dimensional vectors", field: "queries");
        return queries.Length / dimension;
    }

    /// <summary>
    /// Checks a search call's shapes and returns the number of queries: k positive, queries a whole number of
    /// vectors of the index's dimension, and both outputs exactly n × k. When the outputs imply another query
    /// dimension, the message gives both dimensions.
    /// </summary>
    public static int CheckSearch(ReadOnlySpan<float> queries, int k, int idsLength, int scoresLength, int dimension)
    {
        RequireK(k);
        int rowsOut = idsLength / k;
        bool whole = queries.Length % dimension == 0;
        if (whole && (long)queries.Length / dimension * k == idsLength && idsLength == scoresLength)
            return queries.Length / dimension;
        if (idsLength % k == 0 && rowsOut > 0 && queries.Length % rowsOut == 0 && queries.Length / rowsOut != dimension)
            ThrowHelper.InvalidInput($"dimension mismatch: the index has dimension {dimension}, the queries have dimension {queries.Length / rowsOut} ({queries.Length} values for {rowsOut} result rows of k = {k})", field: "queries");
        int n = QueryCount(queries, dimension);
        throw new ArgumentException($"expected outputs of {n} queries × k = {k} = {(long)n * k} ids and scores, found {idsLength} ids and {scoresLength} scores");
    }

    private static string Name(string what, int row, ReadOnlySpan<long> ids) =>
        ids.IsEmpty ? $"{Singular(what)} {row}" : $"{Singular(what)} {row} (id {ids[row]})";

    private static string Singular(string what) => what switch
    {
        "queries" => "query",
        "vectors" => "vector",
        _ => what,
    };
}
