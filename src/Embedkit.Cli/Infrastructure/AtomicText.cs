using System.Text;
using Embedkit.IO;

namespace Embedkit.Cli.Infrastructure;

/// <summary>Writes a UTF-8 text file through <see cref="AtomicFile"/>, so a failure never leaves half a file.</summary>
internal static class AtomicText
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) to <paramref name="path"/>.</summary>
    public static void Write(string path, string text) =>
        AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));
}
