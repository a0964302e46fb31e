namespace Embedkit;

/// <summary>
/// The one exception family of Embedkit. Every failure caused by the caller's input carries the
/// context needed to act on it: the file, the line, the field, what was expected and what was found.
/// </summary>
public class EmbedkitException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public EmbedkitException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and an inner cause.</summary>
    public EmbedkitException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// Bad input: a malformed file, an out-of-range option. The message names where (file, line, field)
/// and what was expected, so a user can fix it. The CLI maps this to exit code 1.
/// </summary>
public sealed class InvalidInputException : EmbedkitException
{
    /// <summary>The file that was being read, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line number in <see cref="File"/>, if known.</summary>
    public long? Line { get; }

    /// <summary>The field, column or option that was wrong, if known.</summary>
    public string? Field { get; }

    /// <summary>Creates the exception; the message is prefixed with "file:line: " when those are known.</summary>
    public InvalidInputException(string message, string? file = null, long? line = null, string? field = null, Exception? inner = null)
        : base(Format(message, file, line), inner)
    {
        File = file;
        Line = line;
        Field = field;
    }

    private static string Format(string message, string? file, long? line)
    {
        if (file is null) return message;
        return line is null ? $"{file}: {message}" : $"{file}:{line}: {message}";
    }
}
