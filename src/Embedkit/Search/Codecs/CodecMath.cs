using System.Numerics.Tensors;

namespace Embedkit.Search;

/// <summary>Small float helpers shared by the codecs.</summary>
internal static class CodecMath
{
    /// <summary>Σ (aⱼ − bⱼ)² in float32 (SIMD).</summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float distance = TensorPrimitives.Distance(a, b);
        return distance * distance;
    }

    /// <summary>The mean of each of the d columns of <paramref name="count"/> rows, summed in double precision.</summary>
    public static float[] ColumnMeans(ReadOnlySpan<float> rows, int count, int d)
    {
        var sums = new double[d];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = rows.Slice(i * d, d);
            for (int j = 0; j < d; j++) sums[j] += row[j];
        }
        var means = new float[d];
        for (int j = 0; j < d; j++) means[j] = (float)(sums[j] / count);
        return means;
    }

    /// <summary>Σ xⱼ in double precision, rounded once.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += v;
        return (float)sum;
    }

    /// <summary>Σ aⱼ·bⱼ in double precision, rounded once.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += (double)a[j] * b[j];
        return (float)sum;
    }

    /// <summary>Reads parameter floats, refusing NaN and infinities as no training produces them.</summary>
    public static float[] ReadFinite(BinaryReader reader, int count, string what)
    {
        var values = new float[count];
        for (int j = 0; j < count; j++)
        {
            values[j] = reader.ReadSingle();
            if (!float.IsFinite(values[j]))
                throw new InvalidDataException($"{what} {j}: expected a finite number, found {values[j]}");
        }
        return values;
    }
}
