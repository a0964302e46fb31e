using System.Diagnostics.CodeAnalysis;

namespace Embedkit;

/// <summary>Throw helpers so that validation at the boundary stays one line and hot loops stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void InvalidInput(string message, string? file = null, long? line = null, string? field = null) =>
        throw new InvalidInputException(message, file, line, field);

    [DoesNotReturn]
    public static T InvalidInput<T>(string message, string? file = null, long? line = null, string? field = null) =>
        throw new InvalidInputException(message, file, line, field);

    /// <summary>
    /// Throws unless <paramref name="condition"/> holds. <paramref name="option"/> names the option as
    /// "--cli-name (PropertyName)"; the property name becomes <see cref="InvalidInputException.Field"/>.
    /// </summary>
    public static void RequireOption(bool condition, string option, string expected, object? found)
    {
        if (condition) return;
        int open = option.IndexOf('(');
        string field = open >= 0 && option.EndsWith(')') ? option[(open + 1)..^1] : option;
        InvalidInput($"option {option}: expected {expected}, found {found}", field: field);
    }
}
