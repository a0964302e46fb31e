using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Embedkit.Cli.Infrastructure;
using Embedkit.IO;
using Spectre.Console.Cli;

namespace Embedkit.Cli.Commands;

/// <summary><c>embedkit info FILE [--json]</c>: the header of an embeddings file, without reading its vectors.</summary>
public sealed class InfoCommand : Command<InfoCommand.Settings>
{
    /// <summary>Settings of <c>info</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The file.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("Embeddings file (.ekv; other formats are read whole).")]
        public string File { get; init; } = "";

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object on stdout.")]
        public bool Json { get; init; }

        /// <summary>Skip the data checksum.</summary>
        [CommandOption("--no-verify")]
        [Description("Do not read the data block to verify its checksum (.ekv).")]
        public bool NoVerify { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Parse.RequireFile(settings.File, "FILE");
        var info = EmbeddingInfo.Read(settings.File, verify: !settings.NoVerify);
        if (settings.Json)
        {
            Console.Out.WriteLine(ToJson(info));
            return EmbedkitApp.Success;
        }
        var text = new StringBuilder();
        text.AppendLine($"file        {settings.File}");
        text.AppendLine($"format      {info.Format}");
        if (info.Version is int version) text.AppendLine($"version     {version}");
        text.AppendLine($"count       {info.Count}");
        text.AppendLine($"dimension   {info.Dimension}");
        text.AppendLine($"method      {info.Provenance.Method}");
        foreach (var p in info.Provenance.Parameters) text.AppendLine($"  {p.Key} = {p.Value}");
        if (info.Provenance.Seed is ulong seed) text.AppendLine($"seed        {seed}");
        if (info.Provenance.Source is string source) text.AppendLine($"source      {source}");
        text.AppendLine($"first ids   {string.Join(", ", info.FirstIds.Select(Shorten))}");
        text.AppendLine($"checksums   {(info.Verified ? "verified" : info.Format == "ekv" ? "not verified (--no-verify)" : "none in this format")}");
        Console.Out.Write(text.ToString());
        return EmbedkitApp.Success;
    }

    private static string Shorten(string id) => id.Length <= 60 ? id : string.Concat(id.AsSpan(0, 60), "…");

    private static string ToJson(EmbeddingInfo info)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", info.Format);
            if (info.Version is int version) json.WriteNumber("version", version);
            json.WriteNumber("count", info.Count);
            json.WriteNumber("dimension", info.Dimension);
            json.WriteString("method", info.Provenance.Method);
            json.WriteStartObject("parameters");
            foreach (var p in info.Provenance.Parameters) json.WriteString(p.Key, p.Value);
            json.WriteEndObject();
            if (info.Provenance.Seed is ulong seed) json.WriteNumber("seed", seed);
            else json.WriteNull("seed");
            if (info.Provenance.Source is string source) json.WriteString("source", source);
            else json.WriteNull("source");
            json.WriteBoolean("verified", info.Verified);
            json.WriteStartArray("first_ids");
            foreach (string id in info.FirstIds) json.WriteStringValue(id);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
