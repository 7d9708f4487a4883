namespace PrivSepSigner.Signer.State;

/// <summary>
/// What one CRL covers: the certificates one key version of a root issued, named by the SHA-256
/// of that version's CA certificate. Each version signs its own CRL (a relying party checks a
/// CRL with the key that signed the certificate), so a retired version keeps signing CRLs
/// for what it issued. CRL numbers are one sequence per root, shared by all its versions.
/// </summary>
internal sealed record CrlScope(string Root, string Issuer);
