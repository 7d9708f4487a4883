using System.Net;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The legacy name fields, parsed strictly into the native forms: the subject DN in openssl's
/// slash form (<c>/CN=x/O=y</c>) becomes <c>TYPE=value</c> items, the SAN list (openssl
/// subjectAltName syntax, items separated by ',' or '\n') becomes <c>dns:</c>/<c>email:</c>/<c>ip:</c>
/// items. They are the names the certificate gets (names from the request, issue 16): the
/// signer parses them again and filters them by the profile exactly like a CSR's.
/// </summary>
internal static class LegacyNames
{
    private static readonly string[] SubjectTypes = ["CN", "O", "OU", "L", "ST", "C", "emailAddress"];

    /// <summary><c>/CN=x/O=y</c> → ["CN=x", "O=y"]; empty text → no items. No escapes, no empty values, known types only.</summary>
    public static string[] ParseSubject(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (text[0] != '/')
        {
            throw Invalid("subject", "must be in openssl form /TYPE=value/TYPE=value");
        }

        var items = text[1..].Split('/');
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw Invalid("subject", $"\"{LegacyWire.Printable(item)}\" is not TYPE=value");
            }

            if (Array.IndexOf(SubjectTypes, item[..eq]) < 0)
            {
                throw Invalid("subject", $"attribute type \"{LegacyWire.Printable(item[..eq])}\" is not one of {string.Join(", ", SubjectTypes)}");
            }

            if (item.AsSpan(eq + 1).ContainsAny('\\', '"') || item.Any(char.IsControl))
            {
                throw Invalid("subject", "values must not contain backslashes, quotes or control characters");
            }
        }

        return items;
    }

    /// <summary><c>DNS:a,email:b,IP:c</c> → ["dns:a", "email:b", "ip:c"]; empty text → no items.</summary>
    public static string[] ParseSans(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var items = text.Split([',', '\n']);
        var sans = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var kind = colon < 0 ? item : item[..colon];
            var value = colon < 0 ? string.Empty : item[(colon + 1)..];
            if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\\' or '"'))
            {
                throw Invalid("sans", $"\"{LegacyWire.Printable(item)}\" is not TYPE:value (no spaces, quotes or backslashes)");
            }

            sans[i] = kind switch
            {
                "DNS" => "dns:" + value,
                "email" => "email:" + value,
                "IP" when IPAddress.TryParse(value, out var ip) && ip.ToString() == value => "ip:" + value,
                "IP" => throw Invalid("sans", $"\"{LegacyWire.Printable(value)}\" is not an IP address in canonical form"),
                _ => throw Invalid("sans", $"type \"{LegacyWire.Printable(kind)}\" is not DNS, email or IP"),
            };
        }

        return sans;
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
