namespace PrivSepSigner.TestSupport;

/// <summary>What a certificate issued under one default profile must look like to openssl.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="Purposes">openssl verify -purpose values that must pass (empty: verify without a purpose).</param>
/// <param name="SubjectAltName">SAN requested in the CSR (openssl -addext syntax), if any.</param>
/// <param name="CommonName">CN requested in the CSR: one of the SANs where the profile issues SANs.</param>
/// <param name="ExpectedSubject">Issued subject as openssl prints it with -nameopt RFC2253.</param>
/// <param name="MustContain">Strings `openssl x509 -text` must print.</param>
/// <param name="MustNotContain">Strings it must not print.</param>
public sealed record ProfileExpectation(
    string Name,
    string[] Purposes,
    string? SubjectAltName,
    string CommonName,
    string ExpectedSubject,
    string[] MustContain,
    string[] MustNotContain);
