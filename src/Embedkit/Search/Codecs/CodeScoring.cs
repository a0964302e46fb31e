namespace Embedkit.Search;

/// <summary>How a query is compared with codes: as floats (asymmetric) or encoded first (symmetric).</summary>
public enum CodeScoring
{
    /// <summary>
    /// The float query against each decoded code, as if the code were decoded first (FAISS's asymmetric
    /// distance computation, ADC): only the stored vectors carry quantization error. The default.
    /// </summary>
    Asymmetric,

    /// <summary>
    /// The query is encoded with the same codec and compared code to code (symmetric distance, SDC; for
    /// binary codes a popcount Hamming scan): both sides carry quantization error, in exchange for speed.
    /// </summary>
    Symmetric,
}
