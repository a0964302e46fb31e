using System.Runtime.InteropServices;

namespace Embedkit.Search;

/// <summary>
/// Zeroed native memory for an index's large arrays, 64-byte aligned, and from 2 MiB up aligned to 2 MiB and
/// advised for transparent huge pages on Linux (<c>madvise(MADV_HUGEPAGE)</c>, which the kernel's default
/// <c>madvise</c> mode needs): graph search touches vectors all over a buffer of hundreds of megabytes, and with
/// 4 KiB pages nearly every vector costs a TLB miss (huge pages made HNSW search on Fashion-MNIST about 10%
/// faster). Where the advice is not available the memory is ordinary. Freed when the owner is collected (a
/// <see cref="SafeHandle"/>, so also on shutdown); the GC is told of its size so that it collects in time.
/// </summary>
internal sealed unsafe partial class NativeBlock : SafeHandle
{
    private const nuint HugePage = 2 << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in <sys/mman.h>

    private static bool s_adviceUnavailable;

    /// <summary>Allocates <paramref name="bytes"/> zeroed bytes (at least one).</summary>
    /// <exception cref="OutOfMemoryException">When the memory cannot be had.</exception>
    public NativeBlock(long bytes) : base(IntPtr.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        nuint size = (nuint)Math.Max(bytes, 1);
        bool huge = size >= HugePage;
        nuint alignment = huge ? HugePage : 64;
        nuint rounded = (size + alignment - 1) / alignment * alignment;
        void* memory = NativeMemory.AlignedAlloc(rounded, alignment);
        SetHandle((nint)memory);
        if (huge) Advise(memory, rounded);
        NativeMemory.Clear(memory, rounded); // after the advice, so that the first touch faults in huge pages
        Bytes = (long)rounded;
        GC.AddMemoryPressure(Bytes);
    }

    /// <summary>Bytes held (the request rounded up to the alignment).</summary>
    public long Bytes { get; }

    /// <summary>The first byte.</summary>
    public void* Pointer => (void*)handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        GC.RemoveMemoryPressure(Bytes);
        return true;
    }

    /// <summary>Asks Linux for huge pages; a hint, so any failure just leaves ordinary pages.</summary>
    private static void Advise(void* memory, nuint length)
    {
        if (!OperatingSystem.IsLinux() || s_adviceUnavailable) return;
        try
        {
            _ = Madvise(memory, length, MadviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_adviceUnavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
