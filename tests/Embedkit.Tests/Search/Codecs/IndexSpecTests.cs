using Embedkit.Search;

namespace Embedkit.Tests.Search.Codecs;

public class IndexSpecTests
{
    /// <summary>Canonical strings: each must parse and print back identically (DESIGN.md's vocabulary and the brief's list).</summary>
    public static TheoryData<string> Canonical() =>
    [
        "Flat", "F16", "SQ8", "PQ16", "PQ1", "BIN1", "BIN2", "BIN4", "BIN8",
        "BIN2,Refine(Flat)", "SQ8,Refine(Flat)", "PQ16,Refine(Flat)", "PQ16,Refine(SQ8)", "BIN1,Refine(F16)",
        "HNSW32", "HNSW32,SQ8", "HNSW16,PQ8", "HNSW32,Refine(Flat)", "HNSW32,BIN1,Refine(Flat)",
        "IVF1024,PQ16", "IVF256,Flat", "IVF256,SQ8", "IVF1024,PQ16,Refine(Flat)", "IVF4096,BIN2,Refine(F16)",
    ];

    [Theory]
    [MemberData(nameof(Canonical))]
    public void Parse_ThenToString_PrintsTheStringBack(string text) =>
        Assert.Equal(text, IndexSpec.Parse(text).ToString());

    [Theory]
    [InlineData("PQ16x8", "PQ16")]
    [InlineData("pq16", "PQ16")]
    [InlineData("flat", "Flat")]
    [InlineData("HNSW32,Flat", "HNSW32")]
    [InlineData(" bin2 , refine( flat ) ", "BIN2,Refine(Flat)")]
    [InlineData("ivf256,sq8", "IVF256,SQ8")]
    [InlineData("PQ016", "PQ16")]
    public void Parse_AcceptsOtherSpellings_AndPrintsTheCanonicalOne(string text, string canonical) =>
        Assert.Equal(canonical, IndexSpec.Parse(text).ToString());

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("Flta", "'Flta' is not a storage (Flat, F16, SQ8, PQ<m>, BIN<b>)")]
    [InlineData("PQ16x4", "only 8 bits per sub-quantizer are supported")]
    [InlineData("PQ0", "PQ takes a positive number of sub-quantizers")]
    [InlineData("PQ", "'PQ' is not a storage")]
    [InlineData("SQ4", "only SQ8 (8 bits per dimension) is available")]
    [InlineData("BIN0", "BIN takes 1..8 bits per dimension")]
    [InlineData("BIN16", "BIN takes 1..8 bits per dimension")]
    [InlineData("HNSW", "'HNSW': HNSW takes a positive whole number, as in HNSW32")]
    [InlineData("HNSW0", "HNSW takes a positive whole number")]
    [InlineData("HNSWx", "HNSW takes a positive whole number")]
    [InlineData("IVF1024", "IVF1024 needs its storage after a comma")]
    [InlineData("IVF,PQ16", "IVF takes a positive whole number, as in IVF1024")]
    [InlineData("IVF1024,PQ16x4", "IVF1024,PQ16x4: 'PQ16x4': only 8 bits")]
    [InlineData("HNSW32,IVF", "HNSW32,IVF: 'IVF' is not a storage")]
    [InlineData("SQ8,PQ16", "unexpected 'PQ16' after 'SQ8'")]
    [InlineData("Refine(Flat)", "must follow it, as in BIN2,Refine(Flat)")]
    [InlineData("Flat,Refine(Flat)", "Flat is exact already")]
    [InlineData("SQ8,Refine(Flat),Refine(Flat)", "must be the last component")]
    [InlineData("SQ8,Refine(HNSW32)", "Refine(HNSW32): 'HNSW32' is not a storage")]
    [InlineData("SQ8,Refine(Flat", "its parentheses do not match")]
    [InlineData("SQ8,,Flat", "an empty component")]
    [InlineData("PQ99999999999", "PQ takes a positive number")]
    public void Parse_Refuses_InvalidStrings_SayingWhy_AndListingWhatIsAccepted(string text, string why)
    {
        var e = Assert.Throws<InvalidInputException>(() => IndexSpec.Parse(text));
        Assert.Contains(why, e.Message);
        Assert.Contains("Accepted: Flat; a codec alone: F16, SQ8, PQ<m> (or PQ<m>x8), BIN1, BIN2, BIN4", e.Message);
        Assert.Equal("index", e.Field);
        Assert.False(IndexSpec.TryParse(text, out _, out string? error));
        Assert.Contains(why, error);
    }

    [Fact]
    public void Parse_GivesTheComposition()
    {
        IndexSpec spec = IndexSpec.Parse("IVF1024,PQ16,Refine(Flat)");
        Assert.Equal(IndexStructure.Ivf, spec.Structure);
        Assert.Equal(1024, spec.StructureParameter);
        Assert.Equal(new CodecSpec(CodecKind.PQ, 16), spec.Codec);
        Assert.Equal(new IndexSpec(), spec.Refine);
        Assert.Equal(IndexSpec.Parse("ivf1024,pq16x8,refine(flat)"), spec);
    }
}
