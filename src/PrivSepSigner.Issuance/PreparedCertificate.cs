using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>
/// A linted TBSCertificate waiting for its signature: the output of <see cref="CaIssuer.Prepare"/>
/// and the only input of <see cref="CaIssuer.Issue"/>. Audit logging happens between the two.
/// </summary>
/// <param name="TbsDer">DER TBSCertificate (RFC 5280 4.1.2) to be signed.</param>
/// <param name="Serial">Serial number octets as given to Prepare.</param>
/// <param name="SerialHex">Serial number as minimal lowercase hex.</param>
/// <param name="Subject">Subject as RFC 4514 text.</param>
/// <param name="Sans">subjectAltName entries in the certificate.</param>
/// <param name="NotBefore">Validity start (RFC 5280 4.1.2.5).</param>
/// <param name="NotAfter">Validity end, never later than the issuer's.</param>
/// <param name="ProfileName">Profile the certificate was built from.</param>
/// <param name="SpkiSha256Hex">Fingerprint of the subject's public key.</param>
/// <param name="IssuerCertificateSha256Hex">Which CA certificate prepared it; Issue refuses another's.</param>
public sealed record PreparedCertificate(
    byte[] TbsDer,
    byte[] Serial,
    string SerialHex,
    string Subject,
    IReadOnlyList<SanEntry> Sans,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string ProfileName,
    string SpkiSha256Hex,
    string IssuerCertificateSha256Hex);
