using System.Net;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Validation;

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

    // X.520 / PKCS#9 attribute types a legacy subject can name.
    private static readonly Dictionary<string, string> TypeByOid = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.6"] = "C",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
    };

    // The long names openssl's -subj and its config files accept for the same types (X.520,
    // PKCS#9); CAcert's front end writes org subjects with them (/organizationName=...).
    private static readonly Dictionary<string, string> ShortByLongName = new(StringComparer.Ordinal)
    {
        ["commonName"] = "CN",
        ["organizationName"] = "O",
        ["organizationalUnitName"] = "OU",
        ["localityName"] = "L",
        ["stateOrProvinceName"] = "ST",
        ["countryName"] = "C",
    };

    /// <summary>
    /// <c>/CN=x/O=y</c> → ["CN=x", "O=y"]; empty text → no items. Long names
    /// (<c>/commonName=x/organizationName=y</c>) become the short ones. No escapes, no empty
    /// values, known types only.
    /// </summary>
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
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw Invalid("subject", $"\"{LegacyWire.Printable(item)}\" is not TYPE=value");
            }

            items[i] = SubjectItem("subject", item[..eq], item[(eq + 1)..]);
        }

        return items;
    }

    /// <summary>
    /// One subject attribute as a native <c>TYPE=value</c> item: the type short or long
    /// (<c>CN</c> or <c>commonName</c>), the value without backslashes, quotes or control characters.
    /// </summary>
    public static string SubjectItem(string field, string type, string value)
    {
        var shortType = ShortByLongName.GetValueOrDefault(type, type);
        if (Array.IndexOf(SubjectTypes, shortType) < 0)
        {
            throw Invalid(field, $"attribute type \"{LegacyWire.Printable(type)}\" is not one of {string.Join(", ", SubjectTypes)} or {string.Join(", ", ShortByLongName.Keys)}");
        }

        if (value.Length == 0 || value.AsSpan().ContainsAny('\\', '"') || value.Any(char.IsControl))
        {
            throw Invalid(field, "values must not be empty or contain backslashes, quotes or control characters");
        }

        return $"{shortType}={value}";
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
                "DNS" => StatedSanText.Format(StatedSanText.Dns, value),
                "email" => StatedSanText.Format(StatedSanText.Email, value),
                "IP" when IPAddress.TryParse(value, out var ip) && ip.ToString() == value => StatedSanText.Format(StatedSanText.Ip, value),
                "IP" => throw Invalid("sans", $"\"{LegacyWire.Printable(value)}\" is not an IP address in canonical form"),

                // CAcert's front end adds otherName:1.3.6.1.5.5.7.8.5;UTF8:DOMAIN (XmppAddr) for each
                // domain of a server certificate: passed on as written; the signer checks the OID,
                // the form and the domain, and the profile whether it allows xmpp (issue 16 item 2).
                "otherName" => StatedSanText.Format(StatedSanText.OtherName, value),
                _ => throw Invalid("sans", $"type \"{LegacyWire.Printable(kind)}\" is not DNS, email, IP or otherName"),
            };
        }

        return sans;
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
