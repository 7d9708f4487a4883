using System.Collections.Frozen;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// One key version of a CA root ready to sign: its issuer (key and certificate read through
/// one directory handle, so of one vintage), its CRL signer (the same key) and its profiles.
/// Immutable: a request takes one and finishes with it, whatever is loaded meanwhile.
/// </summary>
internal sealed record SigningRoot(string Name, string Version, CaIssuer Issuer, FrozenDictionary<string, Profile> Profiles, Issuance.Crl.CaCrlSigner CrlSigner)
{
    /// <summary>What this version's CRLs cover: the certificates it issued.</summary>
    public State.CrlScope CrlScope { get; } = new(Name, Issuer.CertificateSha256Hex);

    /// <summary>Whether the CA certificate is within its validity at <paramref name="now"/>.</summary>
    public bool ValidAt(DateTimeOffset now) => Issuer.NotBefore <= now && now < Issuer.NotAfter;
}
