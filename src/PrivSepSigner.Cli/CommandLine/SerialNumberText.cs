using System.Diagnostics.CodeAnalysis;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// Serial numbers as operators meet them: `openssl x509 -serial` prints 14BA0F, browsers
/// 14:BA:0F, programmers 0x14ba0f. All become the protocol's form: lowercase hex without
/// leading zeros, 1..40 digits (RFC 5280 4.1.2.2: a positive integer of at most 20 octets).
/// </summary>
internal static class SerialNumberText
{
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? serial, [NotNullWhen(false)] out string? error)
    {
        serial = null;
        var s = (text ?? string.Empty).Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
        }

        s = s.Replace(":", string.Empty, StringComparison.Ordinal);
        if (s.Length == 0 || !s.All(char.IsAsciiHexDigit))
        {
            error = $"\"{text}\" is not a hexadecimal serial number (e.g. 14ba0f, 0x14BA0F or 14:BA:0F)";
            return false;
        }

        s = s.TrimStart('0').ToLowerInvariant();
        if (s.Length == 0)
        {
            error = "a serial number is positive (RFC 5280 4.1.2.2); 0 is none";
            return false;
        }

        if (s.Length > 40)
        {
            error = "a serial number has at most 20 octets, 40 hex digits (RFC 5280 4.1.2.2)";
            return false;
        }

        serial = s;
        error = null;
        return true;
    }
}
