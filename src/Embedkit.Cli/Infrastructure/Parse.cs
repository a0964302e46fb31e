using System.Globalization;

namespace Embedkit.Cli.Infrastructure;

/// <summary>Parsing of option values that Spectre does not type itself (comma lists), with messages that name the option.</summary>
internal static class Parse
{
    /// <summary>Parses "0,0,1,6.67" into doubles; every item must be a finite number. <paramref name="example"/> is shown on error.</summary>
    public static double[] DoubleList(string? text, string option, string example)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidInputException($"{option}: expected a comma-separated list of numbers, found nothing", field: option);
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw new InvalidInputException($"{option}: item {i + 1} '{items[i]}' is not a finite number (expected a list such as {example})", field: option);
        }
        return values;
    }

    /// <summary>
    /// Throws unless <paramref name="path"/> can be written as a file: its folder exists and it is not
    /// itself a folder. Checked before any expensive work.
    /// </summary>
    public static void RequireOutputFolder(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidInputException($"{option}: expected a file path, found an empty string", field: option);
        if (Directory.Exists(path))
            throw new InvalidInputException($"{option}: '{path}' is a folder; expected a file path", field: option);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new InvalidInputException($"{option}: the folder '{folder}' of output '{path}' does not exist", field: option);
    }

    /// <summary>Throws unless <paramref name="path"/> is an existing file.</summary>
    public static void RequireFile(string? path, string what)
    {
        if (string.IsNullOrEmpty(path))
            throw new InvalidInputException($"{what}: expected a file path, found nothing", field: what);
        if (Directory.Exists(path))
            throw new InvalidInputException($"{what}: '{path}' is a folder; expected a file", path, field: what);
        if (!File.Exists(path))
            throw new InvalidInputException($"{what}: file '{path}' does not exist", path, field: what);
    }

    /// <summary>
    /// Throws when <paramref name="output"/> (the value of <paramref name="option"/>) names the same file as
    /// <paramref name="input"/>: writing it would destroy the input.
    /// </summary>
    public static void RequireDistinct(string input, string output, string inputName, string option = "-o/--output")
    {
        if (string.IsNullOrEmpty(input) || string.IsNullOrEmpty(output)) return;
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(output), StringComparison.Ordinal))
            throw new InvalidInputException($"option {option}: '{output}' is the input {inputName}; writing it would destroy the input",
                field: option == "-o/--output" ? "--output" : option);
    }
}
