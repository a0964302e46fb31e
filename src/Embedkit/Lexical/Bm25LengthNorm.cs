namespace Embedkit.Lexical;

/// <summary>Which document length BM25 divides by the average length.</summary>
public enum Bm25LengthNorm
{
    /// <summary>
    /// Lucene 8+'s stored norm: the token count squeezed into one byte by <c>SmallFloat.intToByte4</c> (exact below
    /// 24, then 4 significant bits, so a 100-token document counts as 96). What Anserini's figures use.
    /// </summary>
    Lucene,

    /// <summary>The exact token count.</summary>
    Exact,
}
