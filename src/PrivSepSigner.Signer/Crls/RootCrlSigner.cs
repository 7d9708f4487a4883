using PrivSepSigner.Issuance.Crl;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Crls;

/// <summary>Adapts a root's <see cref="CaCrlSigner"/> to the database's revocation records.</summary>
internal sealed class RootCrlSigner(CaCrlSigner signer) : ICrlSigner
{
    public byte[] SignFull(long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<RevocationRecord> entries, string? deltaCrlUrl) =>
        signer.SignFull(number, thisUpdate, nextUpdate, Map(entries), deltaCrlUrl);

    public byte[] SignDelta(long number, long baseNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<RevocationRecord> entries) =>
        signer.SignDelta(number, baseNumber, thisUpdate, nextUpdate, Map(entries));

    private static List<CrlEntry> Map(IReadOnlyList<RevocationRecord> entries) =>
        entries.Select(e => new CrlEntry(e.SerialHex, e.RevokedAt, e.Reason)).ToList();
}
