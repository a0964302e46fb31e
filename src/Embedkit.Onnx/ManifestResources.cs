using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Embedkit.Onnx;

/// <summary>
/// Reads an embedded (manifest) resource straight from a .NET assembly file, without loading the assembly:
/// the weight-carrier DLLs are data, not code.
/// </summary>
internal static class ManifestResources
{
    /// <summary>Opens resource <paramref name="name"/> of <paramref name="assemblyPath"/> as a read-only stream over the file.</summary>
    /// <exception cref="InvalidInputException">The file is missing, not an assembly, or has no such resource.</exception>
    public static Stream Open(string assemblyPath, string name)
    {
        if (!File.Exists(assemblyPath))
            ThrowHelper.InvalidInput("the model carrier is missing (it is copied into the build output from the NuGet package; rebuild, or point --model at a folder)", assemblyPath);
        var file = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            long start, length;
            using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
            {
                if (!pe.HasMetadata) ThrowHelper.InvalidInput("not a .NET assembly (no metadata)", assemblyPath);
                var metadata = pe.GetMetadataReader();
                long? offset = null;
                foreach (var handle in metadata.ManifestResources)
                {
                    var resource = metadata.GetManifestResource(handle);
                    if (resource.Implementation.IsNil && metadata.StringComparer.Equals(resource.Name, name)) offset = resource.Offset;
                }
                if (offset is null) ThrowHelper.InvalidInput($"the assembly has no resource '{name}'", assemblyPath, field: name);
                var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
                if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out int resources))
                    ThrowHelper.InvalidInput("the assembly's resource directory is not in the file", assemblyPath);
                start = resources + offset.Value;
            }
            Span<byte> prefix = stackalloc byte[4];
            file.Position = start;
            file.ReadExactly(prefix);
            length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            if (start + 4 + length > file.Length)
                ThrowHelper.InvalidInput($"resource '{name}' runs past the end of the file", assemblyPath, field: name);
            return new FileSlice(file, start + 4, length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A read-only window of a file stream; disposing it closes the file.</summary>
    private sealed class FileSlice(FileStream file, long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = Math.Clamp(value, 0, length);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            if (n <= 0) return 0;
            file.Position = start + _position;
            int read = file.Read(buffer[..n]);
            _position += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) file.Dispose();
            base.Dispose(disposing);
        }
    }
}
