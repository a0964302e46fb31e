namespace Embedkit.Text;

/// <summary>How a transformer's token vectors become one text vector; padding never takes part.</summary>
public enum PoolingMode
{
    /// <summary>Mean of the token vectors, [CLS] and [SEP] included (sentence-transformers' mean pooling; all-MiniLM-L6-v2).</summary>
    Mean,

    /// <summary>The vector of the first token, [CLS] (snowflake-arctic-embed).</summary>
    Cls,

    /// <summary>The vector of the last real token (decoder-style embedding models).</summary>
    LastToken,

    /// <summary>Element-wise maximum over the token vectors.</summary>
    Max,
}
