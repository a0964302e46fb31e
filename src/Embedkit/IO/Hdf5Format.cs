using PureHDF;
using PureHDF.VOL.Native;

namespace Embedkit.IO;

/// <summary>
/// 2-D datasets of HDF5 files, as the ann-benchmarks datasets store them (erikbern/ann-benchmarks): <c>train</c>
/// (base vectors), <c>test</c> (queries), <c>neighbors</c> (int32 ids of the true nearest train rows, best
/// first) and <c>distances</c> (their distances; Euclidean, not squared, for the <c>-euclidean</c> sets), with the
/// metric in the root attribute <c>distance</c>. Read with PureHDF (managed code, no native HDF5 library).
/// </summary>
public static class Hdf5Format
{
    /// <summary>Reads a 2-D float32 or float64 dataset (float64 is converted) as float rows.</summary>
    /// <exception cref="InvalidInputException">When the file is not HDF5, the dataset is absent (the message lists those present), or it is not a 2-D float dataset.</exception>
    public static VectorMatrix ReadVectors(string path, string dataset)
    {
        using var file = Open(path);
        IH5Dataset data = Dataset(file, path, dataset);
        var (rows, columns) = Shape(data, path, dataset);
        IH5DataType type = data.Type;
        float[] values = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Read<float[]>(data, path, dataset),
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(Read<double[]>(data, path, dataset), v => (float)v),
            _ => ThrowHelper.InvalidInput<float[]>($"dataset '{dataset}': expected float32 or float64 values, found {Describe(type)}", path, field: dataset),
        };
        return new VectorMatrix(rows, columns, Checked(values, rows, columns, path, dataset));
    }

    /// <summary>Reads a 2-D integer dataset (8 to 64 bits; 64-bit values must fit in int32) as int rows.</summary>
    /// <exception cref="InvalidInputException">As for <see cref="ReadVectors"/>, for a 2-D integer dataset.</exception>
    public static IntMatrix ReadIntegers(string path, string dataset)
    {
        using var file = Open(path);
        IH5Dataset data = Dataset(file, path, dataset);
        var (rows, columns) = Shape(data, path, dataset);
        IH5DataType type = data.Type;
        if (type.Class != H5DataTypeClass.FixedPoint)
            ThrowHelper.InvalidInput($"dataset '{dataset}': expected integer values, found {Describe(type)}", path, field: dataset);
        bool signed = type.FixedPoint.IsSigned;
        int[] values = (type.Size, signed) switch
        {
            (4, true) => Read<int[]>(data, path, dataset),
            (1, false) => Array.ConvertAll(Read<byte[]>(data, path, dataset), v => (int)v),
            (1, true) => Array.ConvertAll(Read<sbyte[]>(data, path, dataset), v => (int)v),
            (2, false) => Array.ConvertAll(Read<ushort[]>(data, path, dataset), v => (int)v),
            (2, true) => Array.ConvertAll(Read<short[]>(data, path, dataset), v => (int)v),
            (4, false) => Narrow(Read<uint[]>(data, path, dataset), v => v, path, dataset),
            (8, true) => Narrow(Read<long[]>(data, path, dataset), v => v, path, dataset),
            (8, false) => Narrow(Read<ulong[]>(data, path, dataset), v => v > long.MaxValue ? long.MaxValue : (long)v, path, dataset),
            _ => ThrowHelper.InvalidInput<int[]>($"dataset '{dataset}': unsupported integer size of {type.Size} bytes", path, field: dataset),
        };
        if (values.LongLength != (long)rows * columns)
            ThrowHelper.InvalidInput($"dataset '{dataset}': expected {rows} × {columns} values, read {values.LongLength}", path, field: dataset);
        return new IntMatrix(rows, columns, values);
    }

    /// <summary>A string attribute of the root group (ann-benchmarks: <c>distance</c>, <c>point_type</c>), or null when absent.</summary>
    /// <exception cref="InvalidInputException">When the file is not HDF5 or the attribute is not a string.</exception>
    public static string? ReadRootAttribute(string path, string name)
    {
        using var file = Open(path);
        if (!file.AttributeExists(name)) return null;
        try
        {
            return file.Attribute(name).Read<string>();
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            return ThrowHelper.InvalidInput<string>($"attribute '{name}': expected a string ({e.Message})", path, field: name);
        }
    }

    /// <summary>Names of the datasets in the root group.</summary>
    /// <exception cref="InvalidInputException">When the file is not HDF5.</exception>
    public static IReadOnlyList<string> DatasetNames(string path)
    {
        using var file = Open(path);
        return Names(file);
    }

    private static NativeFile Open(string path)
    {
        InputFile.OpenFile(path).Dispose(); // missing or unreadable files: the usual message
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not InvalidInputException and not OutOfMemoryException)
        {
            return ThrowHelper.InvalidInput<NativeFile>($"not a readable HDF5 file ({e.Message})", path);
        }
    }

    private static IH5Dataset Dataset(NativeFile file, string path, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!file.LinkExists(name))
            ThrowHelper.InvalidInput($"no dataset '{name}': the file has {string.Join(", ", Names(file).Select(n => $"'{n}'"))}", path, field: name);
        try
        {
            return file.Dataset(name);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            return ThrowHelper.InvalidInput<IH5Dataset>($"'{name}' is not a dataset ({e.Message})", path, field: name);
        }
    }

    private static string[] Names(NativeFile file) =>
        [.. file.Children().OfType<IH5Dataset>().Select(d => d.Name).Order(StringComparer.Ordinal)];

    private static (int Rows, int Columns) Shape(IH5Dataset data, string path, string name)
    {
        ulong[] dims = data.Space.Dimensions;
        if (dims.Length != 2)
            ThrowHelper.InvalidInput($"dataset '{name}': expected a 2-D dataset (rows, columns), found shape ({string.Join(", ", dims)})", path, field: name);
        if (dims[0] > int.MaxValue || dims[1] == 0 || dims[1] > int.MaxValue || dims[0] * dims[1] > (ulong)Array.MaxLength)
            ThrowHelper.InvalidInput($"dataset '{name}': unsupported shape ({dims[0]}, {dims[1]}): expected at least one column and at most {Array.MaxLength} values", path, field: name);
        return ((int)dims[0], (int)dims[1]);
    }

    private static T Read<T>(IH5Dataset data, string path, string name)
    {
        try
        {
            return data.Read<T>();
        }
        catch (Exception e) when (e is not InvalidInputException and not OutOfMemoryException)
        {
            return ThrowHelper.InvalidInput<T>($"dataset '{name}': cannot read it ({e.Message})", path, field: name);
        }
    }

    private static float[] Checked(float[] values, int rows, int columns, string path, string name)
    {
        if (values.LongLength != (long)rows * columns)
            ThrowHelper.InvalidInput($"dataset '{name}': expected {rows} × {columns} values, read {values.LongLength}", path, field: name);
        return values;
    }

    private static int[] Narrow<T>(T[] values, Func<T, long> widen, string path, string name)
    {
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            long v = widen(values[i]);
            if (v is < int.MinValue or > int.MaxValue)
                ThrowHelper.InvalidInput($"dataset '{name}': value {i} is {v}, which does not fit in int32", path, field: name);
            result[i] = (int)v;
        }
        return result;
    }

    private static string Describe(IH5DataType type) => $"{type.Class} of {type.Size} bytes";
}
