using System.Text.Json;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>The JSON the CLI prints: camelCase names, nulls kept (a field is always there), ISO 8601 times as strings.</summary>
internal static class CliJson
{
    /// <summary>One document (status, show).</summary>
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>One object per line (list's array items, export's JSON lines).</summary>
    public static JsonSerializerOptions Compact { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
