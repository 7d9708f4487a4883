using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Screening;

/// <summary>
/// The comm side's dispatch table: one screening function per request type the link
/// may carry, built from <see cref="RequestCatalog"/> (no list of types of its own). Screening is
/// the first of two validations (the signer repeats all of it and more); its job is that malformed
/// or impossible requests never reach the spool. An accepted request is re-serialized, so the spool
/// carries only what was understood.
/// </summary>
internal sealed class RequestScreen
{
    private static readonly FrozenDictionary<MessageType, RequestRow> Table = RequestCatalog.Rows.ToFrozenDictionary(row => row.Type);
    private readonly RootCatalog roots;

    /// <param name="rereadConfig">Reads config.json again when a request names a root not known yet (<see cref="RootCatalog"/>); null: never.</param>
    public RequestScreen(InstallationConfig config, Func<InstallationConfig>? rereadConfig = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        roots = new RootCatalog(config, rereadConfig);
    }

    /// <summary>The request types this screen accepts: for the test that it covers every catalog row.</summary>
    internal static IEnumerable<MessageType> Accepted => Table.Keys;

    public ScreenResult Screen(Frame frame)
    {
        if (!Table.TryGetValue(frame.Type, out var row))
        {
            return ScreenResult.Refuse(MessageCodec.PeekRequestId(frame.Body), ErrorCode.UnknownMessageType,
                $"message type 0x{(byte)frame.Type:x2} is not a request this link accepts");
        }

        try
        {
            return Screen(row, frame.Body);
        }
        catch (ProtocolException e)
        {
            return ScreenResult.Refuse(MessageCodec.PeekRequestId(frame.Body), e.Code, e.Message);
        }
    }

    /// <summary>
    /// Syntax check; a named root (and profile) must exist, a carried CSR must be a well-formed
    /// PKCS#10 request; then canonical re-serialization. A listing names a root and a profile only
    /// as optional filters: a named one must exist. A SPKAC is checked for syntax only: this side has
    /// no SPKAC parser; the signer verifies it. Names a request states are syntax-checked here and
    /// parsed and filtered by the signer.
    /// </summary>
    private ScreenResult Screen(RequestRow row, ReadOnlyMemory<byte> body)
    {
        var request = row.Read(body);
        var requestId = row.RequestIdOf(request);
        var refusal = row.RootOf(request) is { } root ? RefuseUnknown(requestId, root, row.ProfileOf(request)) : null;
        refusal ??= row.CsrOf(request) is { } csr && !IsPkcs10Request(csr)
            ? ScreenResult.Refuse(requestId, ErrorCode.InvalidRequest, "csr: not a well-formed PKCS#10 request")
            : null;
        return refusal ?? ScreenResult.Accept(requestId, row.Type, row.Write(request));
    }

    /// <summary>An unknown root or profile, or a profile only the operator's ceremony may issue under.</summary>
    private ScreenResult? RefuseUnknown(string requestId, string root, string? profile)
    {
        if (roots.ProfilesOf(root) is not { } profiles)
        {
            return ScreenResult.Refuse(requestId, ErrorCode.UnknownRoot, $"root: no root named \"{root}\"");
        }

        if (profile is not null && !profiles.Contains(profile))
        {
            return ScreenResult.Refuse(requestId, ErrorCode.UnknownProfile, $"profile: root \"{root}\" has no profile \"{profile}\"");
        }

        if (profile is not null && roots.IsCeremonyOnly(profile))
        {
            return ScreenResult.Refuse(requestId, ErrorCode.PolicyRefused, ProfileConfig.CeremonyOnlyRefusal(profile));
        }

        return null;
    }

    /// <summary>
    /// RFC 2986 structure only: .NET decodes the whole request (info, subject, public key,
    /// attributes, signature fields) without importing the key or verifying the signature.
    /// </summary>
    /// <remarks>
    /// The self-signature is the signer's check, which it makes on every request whatever this
    /// side did (the spool is hostile input). Verifying it here as well would cost two scalar
    /// multiplications per EC request, a third of the whole path's CPU, to catch nothing the
    /// signer does not: a front end that can send a CSR with a bad signature can as well send
    /// a valid one, at the same rate and under the same quota. It would also put the hostile
    /// key's point decoding into this process for no gain.
    /// </remarks>
    private static bool IsPkcs10Request(byte[] der)
    {
        try
        {
            _ = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation, RSASignaturePadding.Pkcs1);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException)
        {
            // An unknown signature algorithm is NotSupportedException, not CryptographicException
            // (found by fuzz/run.sh, target csr); it must refuse the request, not end the session.
            return false;
        }
    }
}
