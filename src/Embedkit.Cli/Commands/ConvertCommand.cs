using System.ComponentModel;
using Embedkit.Cli.Infrastructure;
using Embedkit.IO;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit convert IN OUT</c>: converts between embedding formats, chosen by extension.</summary>
public sealed class ConvertCommand : Command<ConvertCommand.Settings>
{
    /// <summary>Settings of <c>convert</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Input.</summary>
        [CommandArgument(0, "<IN>")]
        [Description("Input embeddings (.ekv, .npy, .bin, .txt/.vec, .tsv).")]
        public string Input { get; init; } = "";

        /// <summary>Output.</summary>
        [CommandArgument(1, "<OUT>")]
        [Description("Output embeddings; the format follows the extension.")]
        public string Output { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Parse.RequireFile(settings.Input, "IN");
        Parse.RequireOutputFolder(settings.Output, "OUT");
        EmbeddingFormats.Detect(settings.Output);
        var set = EmbeddingInput.Read(settings.Input);
        EmbeddingFormats.Write(settings.Output, set);
        Ui.Info($"wrote {settings.Output}: {set.Count:N0} × {set.Dimension}");
        return EmbedkitApp.Success;
    }
}
