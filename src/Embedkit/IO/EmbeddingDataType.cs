namespace Embedkit.IO;

/// <summary>The element type of the data block of an <c>.ekv</c> file; the value is what the header stores.</summary>
public enum EmbeddingDataType : uint
{
    /// <summary>IEEE 754 binary32, little-endian (4 bytes per value).</summary>
    Float32 = 1,
}
