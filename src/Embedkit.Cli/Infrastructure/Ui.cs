using Spectre.Console;

namespace Embedkit.Cli.Infrastructure;

/// <summary>
/// The consoles of the CLI. Results go to stdout; progress, warnings and errors to stderr, so that
/// <c>--json</c> output and redirected tables stay clean. Rich output only on an interactive terminal.
/// </summary>
internal static class Ui
{
    /// <summary>stdout.</summary>
    public static readonly IAnsiConsole Out = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>stderr.</summary>
    public static readonly IAnsiConsole Err = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>Whether stdout is a terminal (tables with borders and colour) or redirected (plain text).</summary>
    public static bool RichOut => !Console.IsOutputRedirected && Out.Profile.Capabilities.Ansi;

    /// <summary>A console on <paramref name="writer"/>; when redirected it is wide, so help text and examples are not wrapped mid-command.</summary>
    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected) console.Profile.Width = 200;
        return console;
    }

    /// <summary>Writes a warning line to stderr.</summary>
    public static void Warn(string message) => Console.Error.WriteLine($"warning: {message}");

    /// <summary>Writes an informational line to stderr.</summary>
    public static void Info(string message) => Console.Error.WriteLine(message);
}
