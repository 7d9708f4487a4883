using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// One issued certificate as `list`, `show` and `export` print it (JSON field names are these
/// properties in camelCase; times ISO 8601 UTC; status "valid", "revoked" or "expired").
/// </summary>
internal sealed record CertificateView(
    string Serial,
    string Root,
    string Profile,
    string Subject,
    string Status,
    string NotBefore,
    string NotAfter,
    string IssuedAt,
    string? RevokedAt,
    string? RevocationReason,
    string Issuer)
{
    public static CertificateView Of(CertificateSummary c, DateTimeOffset now) => new(
        c.SerialHex,
        c.Root,
        c.Profile,
        c.Subject,
        StatusOf(c, now),
        IsoTime.Of(c.NotBeforeUnixMs),
        IsoTime.Of(c.NotAfterUnixMs),
        IsoTime.Of(c.IssuedAtUnixMs),
        IsoTime.OrNull(c.RevokedAtUnixMs),
        RevocationReasons.NameOf(c.RevocationReason),
        c.IssuerCertificateSha256);

    /// <summary>Revoked wins over expired: a CRL keeps listing it (RFC 5280 5.1.2.6 and the lookback).</summary>
    public static string StatusOf(CertificateSummary c, DateTimeOffset now) =>
        c.RevokedAtUnixMs != 0 ? "revoked" : c.NotAfterUnixMs < now.ToUnixTimeMilliseconds() ? "expired" : "valid";
}
