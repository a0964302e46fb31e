using System.Text;

namespace Embedkit.Search;

/// <summary>
/// A parsed index factory string, the user's vocabulary for an index (FAISS's <c>index_factory</c>):
/// a structure (<c>Flat</c>, <c>HNSW32</c>, <c>IVF1024</c>), how vectors are stored (full floats, or a
/// <see cref="CodecSpec"/>: <c>F16</c>, <c>SQ8</c>, <c>PQ16</c>, <c>BIN2</c>), and optionally a re-ranking
/// stage <c>Refine(…)</c>. <see cref="Parse"/> reads one; <see cref="ToString"/> prints it back in canonical
/// form, so <c>IndexSpec.Parse(s).ToString() == s</c> for every canonical string. Index files store it as
/// their kind; <see cref="IndexFactory.Create(IndexSpec, int, Metric, int)"/> builds the index.
/// </summary>
/// <remarks>
/// <para>Grammar (keywords are case-insensitive; canonical spelling below):</para>
/// <code>
/// spec     := main [ ",Refine(" storage ")" ]
/// main     := storage | "HNSW" M [ "," storage ] | "IVF" lists "," storage
/// storage  := "Flat" | codec
/// codec    := "F16" | "SQ8" | "PQ" m [ "x8" ] | "BIN" b      (b = 1..8)
/// </code>
/// <para>Examples: <c>Flat</c>, <c>SQ8</c>, <c>PQ16</c>, <c>BIN2,Refine(Flat)</c>, <c>HNSW32</c>,
/// <c>HNSW32,SQ8</c>, <c>IVF1024,PQ16</c>, <c>IVF256,Flat</c>. <c>PQ16x8</c> is accepted and printed <c>PQ16</c>
/// (8 bits per sub-quantizer is the only width); <c>HNSW32,Flat</c> is printed <c>HNSW32</c> (full vectors are
/// HNSW's default, while IVF names its storage always, as in FAISS). Refine of an exact index (<c>Flat,Refine(Flat)</c>)
/// is refused as pointless.</para>
/// </remarks>
public sealed partial record IndexSpec
{
    /// <summary>How the index organises its vectors.</summary>
    public IndexStructure Structure { get; init; } = IndexStructure.Flat;

    /// <summary>The structure's number: HNSW's M (links per node), IVF's number of lists; 0 for <see cref="IndexStructure.Flat"/>.</summary>
    public int StructureParameter { get; init; }

    /// <summary>How vectors are stored: null for full float32 vectors (<c>Flat</c>), otherwise the codec.</summary>
    public CodecSpec? Codec { get; init; }

    /// <summary>The re-ranking stage's storage (<c>Refine(Flat)</c>: a flat spec), or null for none.</summary>
    public IndexSpec? Refine { get; init; }

    /// <summary>The canonical factory string.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        string storage = Codec?.ToString() ?? "Flat";
        switch (Structure)
        {
            case IndexStructure.Flat:
                text.Append(storage);
                break;
            case IndexStructure.Hnsw:
                text.Append("HNSW").Append(StructureParameter);
                if (Codec is not null) text.Append(',').Append(storage);
                break;
            case IndexStructure.Ivf:
                text.Append("IVF").Append(StructureParameter).Append(',').Append(storage);
                break;
        }
        if (Refine is not null) text.Append(",Refine(").Append(Refine).Append(')');
        return text.ToString();
    }
}
