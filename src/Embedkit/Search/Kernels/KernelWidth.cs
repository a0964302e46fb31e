namespace Embedkit.Search;

/// <summary>The SIMD width a kernel runs at; every width gives bit-identical results (see <see cref="DotKernels"/>).</summary>
internal enum KernelWidth
{
    /// <summary>One float at a time, <see cref="MathF.FusedMultiplyAdd"/>: the reference.</summary>
    Scalar,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector128{T}"/>: 4 floats.</summary>
    Vector128,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector256{T}"/>: 8 floats.</summary>
    Vector256,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector512{T}"/>: 16 floats (AVX-512).</summary>
    Vector512,
}
