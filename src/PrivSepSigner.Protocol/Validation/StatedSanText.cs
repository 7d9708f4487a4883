using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Validation;

/// <summary>
/// The text form of a subjectAltName a front end states (the <c>sans</c> of a SignSpkacRequest or a
/// SignX509WithNamesRequest, docs/protocol.md 6.8, 6.13): <c>KIND:VALUE</c> with one of
/// <see cref="Kinds"/>. The comm side's one reader and writer of that form: the validator checks
/// the kind with it and the legacy translator writes items with it. The signer's full parse
/// (canonical IP, the XmppAddr OID, RFC 6120 13.7.1.4) is Policy's <c>SanText</c>, which may not
/// reference this assembly; Signer.Tests' StatedSanTextAgreementTests holds the two together.
/// </summary>
public static class StatedSanText
{
    public const string Dns = "dns";
    public const string Email = "email";
    public const string Ip = "ip";

    /// <summary>openssl's GENERAL_NAME otherName: <c>otherName:OID;UTF8:VALUE</c>.</summary>
    public const string OtherName = "otherName";

    /// <summary>Every kind an item may have, in the order errors list them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Dns, Email, Ip, OtherName];

    /// <summary>Whether <paramref name="item"/> starts with one of <see cref="Kinds"/> and a colon (syntax only: the value is the signer's to parse).</summary>
    public static bool HasKnownKind(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Kinds.Contains(item[..colon], StringComparer.Ordinal);
    }

    /// <summary>The item <c>KIND:VALUE</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not one of <see cref="Kinds"/>.</exception>
    public static string Format(string kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Kinds.Contains(kind, StringComparer.Ordinal) ? $"{kind}:{value}" : throw new ArgumentException($"not a SAN kind: {kind}", nameof(kind));
    }
}
