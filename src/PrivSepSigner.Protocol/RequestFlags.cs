namespace PrivSepSigner.Protocol;

/// <summary>
/// What a request is, as one row of <see cref="RequestCatalog"/> says it (as OpenSSH's monitor
/// table flags each request MON_ONCE, MON_AUTH...). Both daemons act on these instead of
/// naming request types: the comm handler's screen on the first three, the signer's spool loop
/// on <see cref="NeedsSettledState"/>.
/// </summary>
[Flags]
public enum RequestFlags
{
    None = 0,

    /// <summary>Names a root, which must exist (or, for a listing, a root as an optional filter).</summary>
    NamesRoot = 1 << 0,

    /// <summary>Names a profile under its root, which must exist and be open to the link.</summary>
    NamesProfile = 1 << 1,

    /// <summary>Carries a DER PKCS#10 request (RFC 2986), which the comm handler checks for structure.</summary>
    CarriesCsr = 1 << 2,

    /// <summary>Issues a certificate: CPU-bound, answered in parallel.</summary>
    Signing = 1 << 3,

    /// <summary>
    /// Must see every earlier batch committed before it is answered (a revocation, a CRL, a listing,
    /// the signer's status). A request without it may be answered while the batch before it commits.
    /// </summary>
    NeedsSettledState = 1 << 4,

    /// <summary>Changes nothing the signer records: answered from its keys, clock or database as they are.</summary>
    ReadOnly = 1 << 5,
}
