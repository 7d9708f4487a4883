using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>A database row as the wire's <see cref="CertificateSummary"/> (list and show answers).</summary>
internal static class CertificateSummaries
{
    public static CertificateSummary From(ListedCertificate c) => new()
    {
        Root = c.Root,
        SerialHex = c.SerialHex,
        Profile = c.Profile,
        Subject = c.Subject.Length <= CertificateSummary.MaxSubjectLength ? c.Subject : c.Subject[..(CertificateSummary.MaxSubjectLength - 3)] + "...",
        NotBeforeUnixMs = c.NotBefore.ToUnixTimeMilliseconds(),
        NotAfterUnixMs = c.NotAfter.ToUnixTimeMilliseconds(),
        IssuedAtUnixMs = c.IssuedAt.ToUnixTimeMilliseconds(),
        RevokedAtUnixMs = c.RevokedAt?.ToUnixTimeMilliseconds() ?? 0,
        RevocationReason = c.Reason ?? -1,
        IssuerCertificateSha256 = c.Issuer,
        Certificate = c.Der,
    };
}
