using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The legacy name fields, parsed strictly into the native forms: the subject DN in openssl's
/// slash form (<c>/CN=x/O=y</c>) becomes <c>TYPE=value</c> items, the SAN list (openssl
/// subjectAltName syntax, items separated by ',' or '\n') becomes <c>dns:</c>/<c>email:</c>/<c>ip:</c>
/// items. Also reads the same names out of a PKCS#10 request, for the comparison a CSR
/// request needs (the native SignX509Request carries no names of its own).
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
                "DNS" => "dns:" + value,
                "email" => "email:" + value,
                "IP" when IPAddress.TryParse(value, out var ip) && ip.ToString() == value => "ip:" + value,
                "IP" => throw Invalid("sans", $"\"{LegacyWire.Printable(value)}\" is not an IP address in canonical form"),
                _ => throw Invalid("sans", $"type \"{LegacyWire.Printable(kind)}\" is not DNS, email or IP"),
            };
        }

        return sans;
    }

    /// <summary>The CSR's subject as TYPE=value items; an attribute a legacy subject cannot name comes back as its OID.</summary>
    public static List<string> SubjectOf(CertificateRequest csr)
    {
        var items = new List<string>();
        foreach (var rdn in csr.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                items.Add("(multi-valued RDN)");
                continue;
            }

            var oid = rdn.GetSingleElementType().Value ?? "?";
            items.Add($"{(TypeByOid.TryGetValue(oid, out var t) ? t : oid)}={rdn.GetSingleElementValue()}");
        }

        return items;
    }

    /// <summary>The CSR's SANs as dns:/email:/ip: items (RFC 5280 4.2.1.6 GeneralNames); other kinds come back as "other".</summary>
    public static List<string> SansOf(CertificateRequest csr)
    {
        var sans = new List<string>();
        foreach (var ext in csr.CertificateExtensions)
        {
            if (ext.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            var seq = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadSequence();
            while (seq.HasData)
            {
                var tag = seq.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    seq.ReadEncodedValue();
                    sans.Add("other");
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1:
                        sans.Add("email:" + seq.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 2:
                        sans.Add("dns:" + seq.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 7:
                        // RFC 5280 4.2.1.6: 4 octets for IPv4, 16 for IPv6; IPAddress throws on any other length.
                        var ip = seq.ReadOctetString(tag);
                        sans.Add(ip.Length is 4 or 16 ? "ip:" + new IPAddress(ip) : "other");
                        break;
                    default:
                        seq.ReadEncodedValue();
                        sans.Add("other");
                        break;
                }
            }
        }

        return sans;
    }

    /// <summary>Same items regardless of order (DNS names compared case-insensitively, RFC 4343).</summary>
    public static bool SameItems(IEnumerable<string> a, IEnumerable<string> b)
    {
        static string Key(string s) => s.StartsWith("dns:", StringComparison.Ordinal) ? s.ToLowerInvariant() : s;
        var x = a.Select(Key).Order(StringComparer.Ordinal).ToList();
        var y = b.Select(Key).Order(StringComparer.Ordinal).ToList();
        return x.SequenceEqual(y, StringComparer.Ordinal);
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
