namespace Embedkit.Search;

/// <summary>How cosine indexes store and compare vectors: each divided by its norm, computed in double precision.</summary>
internal static class UnitVectors
{
    /// <summary>A copy of the rows of <paramref name="vectors"/> (checked, none all zeros) scaled to unit length.</summary>
    public static float[] Rows(ReadOnlySpan<float> vectors, int d)
    {
        var unit = new float[vectors.Length];
        for (int i = 0; i < vectors.Length / d; i++) One(vectors.Slice(i * d, d), unit.AsSpan(i * d, d));
        return unit;
    }

    /// <summary>Writes <paramref name="vector"/> (checked, not all zeros) scaled to unit length into <paramref name="destination"/>.</summary>
    public static void One(ReadOnlySpan<float> vector, Span<float> destination)
    {
        double norm = Math.Sqrt(VectorChecks.SquaredNorm(vector));
        for (int j = 0; j < vector.Length; j++) destination[j] = (float)(vector[j] / norm);
    }
}
