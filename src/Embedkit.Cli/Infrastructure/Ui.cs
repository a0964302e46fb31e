using Spectre.Console;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The consoles of the CLI. Results go to stdout; progress, warnings and errors to stderr, so that
/// <c>--json</c> output and redirected tables stay clean. Rich output only on an interactive terminal.
/// </summary>
internal static class Ui
{
    /// <summary>stdout.</summary>
    public static readonly IAnsiConsole Out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    /// <summary>stderr.</summary>
    public static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Whether stdout is a terminal (tables with borders and colour) or redirected (plain text).</summary>
    public static bool RichOut => !Console.IsOutputRedirected && Out.Profile.Capabilities.Ansi;

    /// <summary>Writes a warning line to stderr.</summary>
    public static void Warn(string message) => Console.Error.WriteLine($"warning: {message}");

    /// <summary>Writes an informational line to stderr.</summary>
    public static void Info(string message) => Console.Error.WriteLine(message);
}
