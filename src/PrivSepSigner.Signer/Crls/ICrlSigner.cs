using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Crls;

/// <summary>Signs CRLs for one root with that root's key (RFC 5280 5); the only CRL step touching a key.</summary>
internal interface ICrlSigner
{
    byte[] SignFull(long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<RevocationRecord> entries, string? deltaCrlUrl);

    byte[] SignDelta(long number, long baseNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<RevocationRecord> entries);
}
