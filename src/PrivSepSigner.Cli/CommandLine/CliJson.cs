using System.Text.Encodings.Web;
using System.Text.Json;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// The JSON the CLI prints: camelCase names, nulls kept (a field is always there), ISO 8601 times as
/// strings, and no \\u escapes of '+' or '&lt;' (this is for terminals and jq, not for HTML).
/// </summary>
internal static class CliJson
{
    /// <summary>One document (status, show).</summary>
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One object per line (list's array items, export's JSON lines).</summary>
    public static JsonSerializerOptions Compact { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
