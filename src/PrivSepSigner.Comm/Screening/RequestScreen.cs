using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Screening;

/// <summary>
/// The comm side's dispatch table: one screening function per request type the link
/// may carry. Screening is the first of two validations (the signer repeats all of it
/// and more); its job is that malformed or impossible requests never reach the spool.
/// An accepted request is re-serialized, so the spool carries only what was understood.
/// </summary>
internal sealed class RequestScreen
{
    private readonly FrozenDictionary<MessageType, Func<ReadOnlyMemory<byte>, ScreenResult>> table;
    private readonly RootCatalog roots;

    /// <param name="rereadConfig">Reads config.json again when a request names a root not known yet (<see cref="RootCatalog"/>); null: never.</param>
    public RequestScreen(SignerConfig config, Func<SignerConfig>? rereadConfig = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        roots = new RootCatalog(config, rereadConfig);
        table = new Dictionary<MessageType, Func<ReadOnlyMemory<byte>, ScreenResult>>
        {
            [MessageType.SignX509Request] = ScreenSignX509,
            [MessageType.CaCertRequest] = WithRoot<CaCertRequest>(MessageType.CaCertRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.StatusRequest] = ScreenStatus,
            [MessageType.RevokeRequest] = WithRoot<RevokeRequest>(MessageType.RevokeRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.CrlRequest] = WithRoot<CrlRequest>(MessageType.CrlRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.PgpSignRequest] = Simple<PgpSignRequest>(MessageType.PgpSignRequest, r => r.RequestId, MessageValidator.Validate),
            [MessageType.PgpCaKeyRequest] = Simple<PgpCaKeyRequest>(MessageType.PgpCaKeyRequest, r => r.RequestId, MessageValidator.Validate),
            [MessageType.KeepaliveRequest] = Simple<KeepaliveRequest>(MessageType.KeepaliveRequest, r => r.RequestId, MessageValidator.Validate),
            [MessageType.ClockStatusRequest] = Simple<ClockStatusRequest>(MessageType.ClockStatusRequest, r => r.RequestId, MessageValidator.Validate),
            [MessageType.SignSpkacRequest] = ScreenSpkac,
            [MessageType.SignX509WithNamesRequest] = ScreenSignX509WithNames,
            [MessageType.RevokeBatchRequest] = WithRoot<RevokeBatchRequest>(MessageType.RevokeBatchRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.IssueCrlRequest] = WithRoot<IssueCrlRequest>(MessageType.IssueCrlRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.CrlStatusRequest] = WithRoot<CrlStatusRequest>(MessageType.CrlStatusRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.ListCertificatesRequest] = ScreenList,
            [MessageType.ShowCertificateRequest] = WithRoot<ShowCertificateRequest>(MessageType.ShowCertificateRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
            [MessageType.RootVersionsRequest] = WithRoot<RootVersionsRequest>(MessageType.RootVersionsRequest, r => r.RequestId, r => r.Root, MessageValidator.Validate),
        }.ToFrozenDictionary();
    }

    public ScreenResult Screen(Frame frame)
    {
        if (!table.TryGetValue(frame.Type, out var screen))
        {
            return ScreenResult.Refuse(MessageCodec.PeekRequestId(frame.Body), ErrorCode.UnknownMessageType,
                $"message type 0x{(byte)frame.Type:x2} is not a request this link accepts");
        }

        try
        {
            return screen(frame.Body);
        }
        catch (ProtocolException e)
        {
            return ScreenResult.Refuse(MessageCodec.PeekRequestId(frame.Body), e.Code, e.Message);
        }
    }

    private ScreenResult ScreenSignX509(ReadOnlyMemory<byte> body)
    {
        var request = MessageCodec.Deserialize<SignX509Request>(body);
        MessageValidator.Validate(request);
        return RefuseCsr(request.RequestId, request.Root, request.Profile, request.Csr)
            ?? ScreenResult.Accept(request.RequestId, MessageType.SignX509Request, MessageCodec.Serialize(request));
    }

    /// <summary>As a SignX509Request; the stated names are syntax-checked here and parsed and filtered by the signer.</summary>
    private ScreenResult ScreenSignX509WithNames(ReadOnlyMemory<byte> body)
    {
        var request = MessageCodec.Deserialize<SignX509WithNamesRequest>(body);
        MessageValidator.Validate(request);
        return RefuseCsr(request.RequestId, request.Root, request.Profile, request.Csr)
            ?? ScreenResult.Accept(request.RequestId, MessageType.SignX509WithNamesRequest, MessageCodec.Serialize(request));
    }

    /// <summary>An unknown root or profile, or a CSR that is not a well-formed PKCS#10 request.</summary>
    private ScreenResult? RefuseCsr(string requestId, string root, string profile, byte[] csr) =>
        RefuseUnknown(requestId, root, profile)
        ?? (IsPkcs10Request(csr) ? null : ScreenResult.Refuse(requestId, ErrorCode.InvalidRequest, "csr: not a well-formed PKCS#10 request"));

    private static ScreenResult ScreenStatus(ReadOnlyMemory<byte> body)
    {
        var request = MessageCodec.Deserialize<StatusRequest>(body);
        MessageValidator.Validate(request);
        return ScreenResult.Accept(request.RequestId, MessageType.StatusRequest, MessageCodec.Serialize(request));
    }

    /// <summary>SPKAC syntax only: this side has no SPKAC parser; the signer verifies it.</summary>
    private ScreenResult ScreenSpkac(ReadOnlyMemory<byte> body)
    {
        var request = MessageCodec.Deserialize<SignSpkacRequest>(body);
        MessageValidator.Validate(request);
        return RefuseUnknown(request.RequestId, request.Root, request.Profile)
            ?? ScreenResult.Accept(request.RequestId, MessageType.SignSpkacRequest, MessageCodec.Serialize(request));
    }

    /// <summary>A listing names a root and a profile only as optional filters; a named one must exist.</summary>
    private ScreenResult ScreenList(ReadOnlyMemory<byte> body)
    {
        var request = MessageCodec.Deserialize<ListCertificatesRequest>(body);
        MessageValidator.Validate(request);
        var refusal = request.Root is { } root ? RefuseUnknown(request.RequestId, root, request.Profile) : null;
        return refusal ?? ScreenResult.Accept(request.RequestId, MessageType.ListCertificatesRequest, MessageCodec.Serialize(request));
    }

    /// <summary>A request with no root or profile: syntax check, then canonical re-serialization.</summary>
    private static Func<ReadOnlyMemory<byte>, ScreenResult> Simple<T>(MessageType type, Func<T, string> requestId, Action<T> validate)
        where T : class => body =>
        {
            var request = MessageCodec.Deserialize<T>(body);
            validate(request);
            return ScreenResult.Accept(requestId(request), type, MessageCodec.Serialize(request));
        };

    /// <summary>A request naming a root (and no profile): syntax check, the root must exist, then canonical re-serialization.</summary>
    private Func<ReadOnlyMemory<byte>, ScreenResult> WithRoot<T>(MessageType type, Func<T, string> requestId, Func<T, string> root, Action<T> validate)
        where T : class => body =>
        {
            var request = MessageCodec.Deserialize<T>(body);
            validate(request);
            return RefuseUnknown(requestId(request), root(request), profile: null)
                ?? ScreenResult.Accept(requestId(request), type, MessageCodec.Serialize(request));
        };

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
