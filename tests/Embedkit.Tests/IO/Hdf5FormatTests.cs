using Embedkit.IO;

namespace Embedkit.Tests.IO;

public class Hdf5FormatTests
{
    /// <summary>TestData/search/ann-small.hdf5, written by make_ann_fixture.py beside it (h5py; its docstring lists the values).</summary>
    public static string Fixture => Path.Combine(AppContext.BaseDirectory, "TestData", "search", "ann-small.hdf5");

    [Fact]
    public void ReadVectors_Reads_TrainAndTest()
    {
        var train = Hdf5Format.ReadVectors(Fixture, "train");
        Assert.Equal(5, train.Rows);
        Assert.Equal(3, train.Dimension);
        Assert.Equal([0f, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 1, 1], train.Data);
        Assert.Equal([0f, 0, 0.5f, 1, 1, 0], Hdf5Format.ReadVectors(Fixture, "test").Data);
    }

    [Fact]
    public void ReadVectors_Converts_Float64_AndReads_ChunkedGzipDatasets()
    {
        float[] train = Hdf5Format.ReadVectors(Fixture, "train").Data;
        Assert.Equal(train, Hdf5Format.ReadVectors(Fixture, "train64").Data);
        Assert.Equal(train, Hdf5Format.ReadVectors(Fixture, "chunked").Data);
    }

    [Fact]
    public void ReadIntegers_And_ReadVectors_Read_GroundTruth()
    {
        // The fixture's ground truth: nearest train rows [0, 1] and [1, 4] at Euclidean distances [0.5, √1.25] and [1, 1].
        var neighbors = Hdf5Format.ReadIntegers(Fixture, "neighbors");
        Assert.Equal(2, neighbors.Columns);
        Assert.Equal([0, 1, 1, 4], neighbors.Data);
        float[] distances = Hdf5Format.ReadVectors(Fixture, "distances").Data;
        Assert.Equal([0.5f, MathF.Sqrt(1.25f), 1f, 1f], distances);
    }

    [Fact]
    public void ReadRootAttribute_Reads_TheDistanceName()
    {
        Assert.Equal("euclidean", Hdf5Format.ReadRootAttribute(Fixture, "distance"));
        Assert.Null(Hdf5Format.ReadRootAttribute(Fixture, "no-such-attribute"));
    }

    [Fact]
    public void ReadVectors_Rejects_MissingDataset_ListingThosePresent()
    {
        var e = Assert.Throws<InvalidInputException>(() => Hdf5Format.ReadVectors(Fixture, "base"));
        Assert.Contains("no dataset 'base': the file has 'chunked', 'distances', 'labels', 'neighbors', 'test', 'train', 'train64'", e.Message);
        Assert.Contains(Fixture, e.Message);
    }

    [Fact]
    public void Read_Rejects_WrongShapeAndType()
    {
        Assert.Contains("expected a 2-D dataset (rows, columns), found shape (5)",
            Assert.Throws<InvalidInputException>(() => Hdf5Format.ReadIntegers(Fixture, "labels")).Message);
        Assert.Contains("expected float32 or float64 values, found FixedPoint",
            Assert.Throws<InvalidInputException>(() => Hdf5Format.ReadVectors(Fixture, "neighbors")).Message);
        Assert.Contains("expected integer values, found FloatingPoint",
            Assert.Throws<InvalidInputException>(() => Hdf5Format.ReadIntegers(Fixture, "train")).Message);
    }

    [Fact]
    public void Read_Rejects_AFileThatIsNotHdf5()
    {
        using var folder = new TempFolder();
        string path = folder.File("fake.hdf5");
        File.WriteAllText(path, "not hdf5 at all");
        var e = Assert.Throws<InvalidInputException>(() => Hdf5Format.ReadVectors(path, "train"));
        Assert.Contains("not a readable HDF5 file", e.Message);
    }
}
