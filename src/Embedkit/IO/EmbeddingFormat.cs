namespace Embedkit.IO;

/// <summary>The embedding file formats Embedkit reads and writes; see <see cref="EmbeddingFormats.Detect"/>.</summary>
public enum EmbeddingFormat
{
    /// <summary>Embedkit's own binary format, <c>.ekv</c> (<see cref="EmbeddingFile"/>).</summary>
    Ekv,

    /// <summary>NumPy <c>.npy</c> with a <c>.ids.txt</c> sidecar (<see cref="NpyFormat"/>).</summary>
    Npy,

    /// <summary>word2vec / gensim text, <c>.txt</c>, <c>.vec</c>, <c>.w2v</c> (<see cref="Word2VecTextFormat"/>).</summary>
    Word2VecText,

    /// <summary>word2vec / gensim binary, <c>.bin</c> (<see cref="Word2VecBinaryFormat"/>).</summary>
    Word2VecBinary,

    /// <summary>Tab-separated values, <c>.tsv</c> (<see cref="TsvFormat"/>).</summary>
    Tsv,
}
