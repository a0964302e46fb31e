using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

/// <summary>One class (so run sequentially): the registry is process-wide, and these tests add to it.</summary>
public class IndexFactoryTests
{
    [Theory]
    [InlineData("Flat", typeof(FlatIndex))]
    [InlineData("F16", typeof(CodecFlatIndex))]
    [InlineData("SQ8", typeof(CodecFlatIndex))]
    [InlineData("PQ16", typeof(CodecFlatIndex))]
    [InlineData("BIN1", typeof(CodecFlatIndex))]
    [InlineData("BIN2", typeof(CodecFlatIndex))]
    [InlineData("BIN4", typeof(CodecFlatIndex))]
    [InlineData("BIN2,Refine(Flat)", typeof(RefineIndex))]
    [InlineData("SQ8,Refine(Flat)", typeof(RefineIndex))]
    [InlineData("PQ16,Refine(Flat)", typeof(RefineIndex))]
    [InlineData("HNSW32", typeof(HnswIndex))]
    [InlineData("HNSW32,SQ8", typeof(HnswIndex))]
    [InlineData("HNSW16,PQ16", typeof(HnswIndex))]
    [InlineData("HNSW32,BIN2", typeof(HnswIndex))]
    [InlineData("HNSW32,SQ8,Refine(Flat)", typeof(RefineIndex))]
    public void Create_BuildsTheComposition_WhoseSpecPrintsBack(string spec, Type type)
    {
        IVectorIndex index = IndexFactory.Create(spec, 64, Metric.Cosine);
        Assert.IsType(type, index);
        Assert.Equal(64, index.Dimension);
        Assert.Equal(Metric.Cosine, index.Metric);
        Assert.Equal(spec, IndexFactory.SpecOf(index).ToString());
    }

    [Fact]
    public void Create_RefineWrapsAFlatIndexOfFullVectors()
    {
        var index = Assert.IsType<RefineIndex>(IndexFactory.Create("BIN2,Refine(Flat)", 8, Metric.L2));
        Assert.IsType<ResidualBinaryCodec>(Assert.IsType<CodecFlatIndex>(index.Coarse).Codec);
        Assert.IsType<FlatIndex>(index.Refine);
        Assert.IsType<SQ8Codec>(Assert.IsType<CodecFlatIndex>(((RefineIndex)IndexFactory.Create("PQ2,Refine(SQ8)", 8, Metric.L2)).Refine).Codec);
    }

    [Fact]
    public void Create_BuildsHnswOverFloatVectors_WithTheSpecsM()
    {
        var index = Assert.IsType<HnswIndex>(IndexFactory.Create("HNSW32", 64, Metric.L2));
        Assert.Equal(64, index.Dimension);
        Assert.Equal(32, index.Options.M);
        Assert.Equal(200, index.Options.EfConstruction); // the issue: HNSW<M> builds with efConstruction 200
        Assert.Null(index.Codec);
    }

    [Fact]
    public void Create_BuildsHnswOverAnUntrainedCodec_ThatTheFirstAddTrains()
    {
        var refine = Assert.IsType<RefineIndex>(IndexFactory.Create("HNSW32,SQ8,Refine(Flat)", 8, Metric.L2));
        var graph = Assert.IsType<HnswIndex>(refine.Coarse);
        Assert.IsType<SQ8Codec>(graph.Codec);
        Assert.Equal(32, graph.Options.M);
        Assert.False(refine.IsTrained);
        refine.Add([1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 1, 0, 1, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9]);
        Assert.True(refine.IsTrained);
        Assert.Equal(2L, refine.Search(new float[] { 0, 1, 0, 1, 0, 1, 0, 1 }, 1, new HnswSearchParameters { Ef = 8 }).Ids[0]);
    }

    [Fact]
    public void Register_LetsAComponentBuildItsStructure_WithoutTouchingTheParser()
    {
        // A stand-in IVF builder (a flat index of the named storage) receives the parsed spec without Refine;
        // the factory wraps Refine around what it returns, and it takes precedence over the built-in IvfIndex.
        // Disposing the registration removes it, and the built-in index is built again.
        IndexSpec? seen = null;
        using (IndexFactory.Register(IndexStructure.Ivf, (spec, d, metric) =>
        {
            seen = spec;
            return new CodecFlatIndex(spec.Codec!.Create(d), metric);
        }))
        {
            IVectorIndex index = IndexFactory.Create("IVF256,SQ8,Refine(Flat)", 12, Metric.L2);
            Assert.Equal("IVF256,SQ8", seen!.ToString());
            Assert.Equal(256, seen.StructureParameter);
            Assert.IsType<RefineIndex>(index);
            Assert.Throws<InvalidOperationException>(() => IndexFactory.Register(IndexStructure.Ivf, (_, d, m) => new FlatIndex(d, m)));
        }
        Assert.True(IndexFactory.IsAvailable(IndexStructure.Ivf));
        Assert.IsType<IvfIndex>(IndexFactory.Create("IVF256,SQ8", 12, Metric.L2));
        Assert.Throws<ArgumentException>(() => IndexFactory.Register(IndexStructure.Flat, (_, d, m) => new FlatIndex(d, m)));
    }

    [Fact]
    public void Create_Refuses_AStorageThatCannotWorkAtTheDimension()
    {
        var e = Assert.Throws<InvalidInputException>(() => IndexFactory.Create("PQ16", 100, Metric.L2));
        Assert.Contains("PQ16: the dimension 100 is not a multiple of 16 sub-quantizers", e.Message);
        Assert.Throws<InvalidInputException>(() => IndexFactory.Create("SQ8", 0, Metric.L2));
        Assert.Throws<InvalidInputException>(() => IndexFactory.Create("SQ8", 4, (Metric)5));
    }
}
