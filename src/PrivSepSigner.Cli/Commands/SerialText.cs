namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// Serial numbers as operators paste them: "14ba0f", "0x14BA0F", "14:BA:0F" (openssl's form),
/// with leading zeros or not, become the protocol's form: lowercase hex without leading zeros
/// (docs/protocol.md 6.8). Anything else is a usage error naming the input.
/// </summary>
internal static class SerialText
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        hex = hex.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant().TrimStart('0');
        if (hex.Length is 0 or > 40 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new UsageException($"\"{text}\" is not a serial number (hexadecimal, at most 20 bytes; 0x and colons allowed)");
        }

        return hex;
    }
}
