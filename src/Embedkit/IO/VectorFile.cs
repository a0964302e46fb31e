using System.Globalization;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;

namespace Embedkit.IO;

/// <summary>
/// Reads benchmark vector files, choosing the reader by the file name: <c>.fvecs</c>, <c>.bvecs</c> and
/// <c>.ivecs</c> (TEXMEX, <see cref="VecsFormat"/>), MNIST-style idx files such as
/// <c>train-images-idx3-ubyte</c> (<see cref="IdxFormat"/>), <c>.hdf5</c>/<c>.h5</c> (ann-benchmarks,
/// <see cref="Hdf5Format"/>, one named dataset) and <c>.npy</c> (<see cref="NpyFormat"/>). Any of them but
/// HDF5 and .npy may be gzipped (<c>.gz</c>).
/// </summary>
public static partial class VectorFile
{
    /// <summary>
    /// Reads float vectors: fvecs, bvecs (bytes become floats), idx (any value type), HDF5 dataset
    /// <paramref name="dataset"/> (default <c>train</c>), or a 2-D float .npy array. Every value must be finite.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// When the name is none of these, the file holds integer ground truth (ivecs, idx1), is malformed, or
    /// holds a NaN or infinite value (the message names the row and column).
    /// </exception>
    public static VectorMatrix Read(string path, string? dataset = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        VectorMatrix matrix = Kind(path) switch
        {
            FileKind.Fvecs => VecsFormat.ReadFvecs(path),
            FileKind.Bvecs => VecsFormat.ReadBvecs(path),
            FileKind.Idx when IdxDimensions(path) == 1 => ThrowHelper.InvalidInput<VectorMatrix>(
                "an idx1 file holds one integer per row (labels); read it with ReadIntegers", path),
            FileKind.Idx => IdxFormat.ReadVectors(path),
            FileKind.Hdf5 => Hdf5Format.ReadVectors(path, dataset ?? "train"),
            FileKind.Npy => FromNpy(path),
            FileKind.Ivecs => ThrowHelper.InvalidInput<VectorMatrix>(
                "an .ivecs file holds integers (usually ground-truth neighbour ids); read it with ReadIntegers", path),
            _ => Unknown<VectorMatrix>(path),
        };
        RequireFinite(matrix, path);
        return matrix;
    }

    /// <summary>
    /// Reads integer rows: ivecs (ground-truth ids), idx integer files (labels: one column), or HDF5 dataset
    /// <paramref name="dataset"/> (default <c>neighbors</c>).
    /// </summary>
    /// <exception cref="InvalidInputException">When the name is none of these or the file is malformed.</exception>
    public static IntMatrix ReadIntegers(string path, string? dataset = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Kind(path) switch
        {
            FileKind.Ivecs => VecsFormat.ReadIvecs(path),
            FileKind.Idx => IdxFormat.ReadIntegers(path),
            FileKind.Hdf5 => Hdf5Format.ReadIntegers(path, dataset ?? "neighbors"),
            FileKind.Fvecs or FileKind.Bvecs or FileKind.Npy => ThrowHelper.InvalidInput<IntMatrix>(
                "this file holds vectors, not integer rows; read it with Read", path),
            _ => Unknown<IntMatrix>(path),
        };
    }

    private enum FileKind { Unknown, Fvecs, Bvecs, Ivecs, Idx, Hdf5, Npy }

    [GeneratedRegex(@"idx(\d)-u?byte$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdxName();

    private static FileKind Kind(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        string extension = Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".fvecs" => FileKind.Fvecs,
            ".bvecs" => FileKind.Bvecs,
            ".ivecs" => FileKind.Ivecs,
            ".hdf5" or ".h5" when !InputFile.IsGzip(path) => FileKind.Hdf5,
            ".npy" when !InputFile.IsGzip(path) => FileKind.Npy,
            _ => IdxName().IsMatch(name) ? FileKind.Idx : FileKind.Unknown,
        };
    }

    private static int IdxDimensions(string path) =>
        int.Parse(IdxName().Match(Path.GetFileName(InputFile.IsGzip(path) ? path[..^3] : path)).Groups[1].ValueSpan, CultureInfo.InvariantCulture);

    private static VectorMatrix FromNpy(string path)
    {
        EmbeddingSet set = NpyFormat.Read(path);
        return new VectorMatrix(set.Count, set.Dimension, set.Array);
    }

    private static void RequireFinite(VectorMatrix matrix, string path)
    {
        if (TensorPrimitives.IsFiniteAll<float>(matrix.Data)) return;
        int at = 0;
        while (float.IsFinite(matrix.Data[at])) at++;
        ThrowHelper.InvalidInput(
            $"row {at / matrix.Dimension}, column {at % matrix.Dimension}: expected a finite number, found {matrix.Data[at].ToString(CultureInfo.InvariantCulture)}",
            path, field: "value");
    }

    private static T Unknown<T>(string path) => ThrowHelper.InvalidInput<T>(
        $"unknown vector file format: expected .fvecs, .bvecs, .ivecs (optionally .gz), an idx file such as train-images-idx3-ubyte[.gz], .hdf5/.h5 or .npy, found '{Path.GetFileName(path)}'",
        path, field: "extension");
}
