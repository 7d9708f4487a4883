using System.Net;

namespace PrivSepSigner.Policy;

/// <summary>
/// The one reader of subjectAltName entries written as text by a front end (the names a
/// SignSpkacRequest states): <c>dns:NAME</c>, <c>email:ADDRESS</c>, <c>ip:ADDRESS</c>, and an
/// otherName as openssl and CAcert's front end write it,
/// <c>otherName:1.3.6.1.5.5.7.8.5;UTF8:DOMAIN</c> (XmppAddr, RFC 6120 13.7.1.4). Syntax only:
/// whether the profile allows the type and the name is <see cref="ProfilePolicy"/>'s decision,
/// made exactly as for the SANs of a CSR.
/// </summary>
public static class SanText
{
    private const string OtherNamePrefix = "otherName:";

    /// <exception cref="CsrException">The item is none of the forms above.</exception>
    public static SanEntry Parse(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item switch
        {
            _ when item.StartsWith("dns:", StringComparison.Ordinal) => new SanEntry(SanKind.Dns, item[4..]),
            _ when item.StartsWith("email:", StringComparison.Ordinal) => new SanEntry(SanKind.Email, item[6..]),
            _ when item.StartsWith("ip:", StringComparison.Ordinal) && IPAddress.TryParse(item[3..], out var ip) => new SanEntry(SanKind.Ip, ip.ToString()),
            _ when item.StartsWith(OtherNamePrefix, StringComparison.Ordinal) => ParseOtherName(item),
            _ => throw new CsrException($"SAN \"{NameSyntax.Printable(item)}\" is not dns:, email:, a valid ip: or otherName:"),
        };
    }

    /// <summary>openssl's GENERAL_NAME syntax: otherName:OID;TYPE:VALUE; the only type read is UTF8 (RFC 6120 13.7.1.4).</summary>
    private static SanEntry ParseOtherName(string item)
    {
        var body = item[OtherNamePrefix.Length..];
        var semicolon = body.IndexOf(';', StringComparison.Ordinal);
        var oid = semicolon < 0 ? body : body[..semicolon];
        if (oid != KnownOids.XmppAddr)
        {
            throw new CsrException($"SAN \"{NameSyntax.Printable(item)}\": otherName type {NameSyntax.Printable(oid)} is not supported; supported: {KnownOids.XmppAddr} (XmppAddr)");
        }

        const string Utf8 = "UTF8:";
        if (semicolon < 0 || !body.AsSpan(semicolon + 1).StartsWith(Utf8, StringComparison.Ordinal))
        {
            throw new CsrException($"SAN \"{NameSyntax.Printable(item)}\": an XmppAddr is written otherName:{KnownOids.XmppAddr};UTF8:DOMAIN");
        }

        return new SanEntry(SanKind.XmppAddr, body[(semicolon + 1 + Utf8.Length)..]);
    }
}
