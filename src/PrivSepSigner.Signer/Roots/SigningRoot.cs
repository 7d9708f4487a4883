using System.Collections.Frozen;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Signer.Roots;

/// <summary>One CA root ready to sign: its issuer (key and certificate of one vintage) and its profiles.</summary>
internal sealed record SigningRoot(string Name, CaIssuer Issuer, FrozenDictionary<string, Profile> Profiles, Issuance.Crl.CaCrlSigner CrlSigner);
