using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The digest id of a legacy X.509 header. The signer always signs with its profile's own
/// algorithm, so the id can only refuse: the legacy signer passed it to <c>openssl ca -md</c>,
/// and a front end asking for MD5 or SHA-1 must learn that this is no longer done.
/// </summary>
internal static class LegacyDigest
{
    /// <summary>Digest ids of the legacy header. The signer always uses its own algorithm; these only refuse.</summary>
    public static void RequireSafe(byte digest)
    {
        switch (digest)
        {
            case 1:
            case 2:
                throw new ProtocolException(ErrorCode.PolicyRefused, $"digest: {(digest == 1 ? "md5 (1)" : "sha1 (2)")} is refused: MD5 and SHA-1 are broken for signatures; use 8 (sha256), 9 (sha384) or 10 (sha512)");
            case 3:
                throw new ProtocolException(ErrorCode.PolicyRefused, "digest: rmd160 (3) is not supported; use 8 (sha256), 9 (sha384) or 10 (sha512)");
            case 0:
                // A front-end row without a digest: the legacy server used its default, as the profile does here.
            case 8:
            case 9:
            case 10:
                return;
            default:
                throw Invalid("digest", $"{digest} is not a digest id (0 the profile's default, 8 sha256, 9 sha384, 10 sha512)");
        }
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
