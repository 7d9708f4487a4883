using System.Collections.Frozen;
using System.Collections.Immutable;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol;

/// <summary>
/// Every request the link carries, one row each: the only list of request types. The comm
/// handler's screen and the signer's dispatch table are built from it, the front end encodes
/// with it, and a test checks that both daemons cover every row and that every request value
/// of <see cref="MessageType"/> has one. Wire formats are docs/protocol.md's; this only says
/// which class, answer, flags and size limit go with each type byte.
/// </summary>
public static class RequestCatalog
{
    /// <summary>Largest body of the small fixed-shape requests: an id, a clock, a name or two, a hash.</summary>
    public const int SmallRequestBody = 1024;

    /// <summary>A DER request of <see cref="ProtocolLimits.MaxCsrBytes"/>, plus the id, clock, names and MessagePack framing.</summary>
    public const int CsrRequestBody = ProtocolLimits.MaxCsrBytes + 512;

    private const RequestFlags Settled = RequestFlags.NeedsSettledState;
    private const RequestFlags SettledReadOnly = RequestFlags.NeedsSettledState | RequestFlags.ReadOnly;

    public static ImmutableArray<RequestRow> Rows { get; } =
    [
        new RequestRow<SignX509Request>(MessageType.SignX509Request, MessageType.SignX509Response, RequestFlags.Signing, CsrRequestBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root, r => r.Profile, r => r.Csr),
        new RequestRow<CaCertRequest>(MessageType.CaCertRequest, MessageType.CaCertResponse, SettledReadOnly, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<StatusRequest>(MessageType.StatusRequest, MessageType.StatusResponse, SettledReadOnly, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId),
        new RequestRow<RevokeRequest>(MessageType.RevokeRequest, MessageType.RevokeResponse, Settled, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<CrlRequest>(MessageType.CrlRequest, MessageType.CrlResponse, Settled, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<PgpSignRequest>(MessageType.PgpSignRequest, MessageType.PgpSignResponse, Settled, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId),
        new RequestRow<PgpCaKeyRequest>(MessageType.PgpCaKeyRequest, MessageType.PgpCaKeyResponse, SettledReadOnly, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId),
        new RequestRow<KeepaliveRequest>(MessageType.KeepaliveRequest, MessageType.KeepaliveResponse, SettledReadOnly, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId),
        new RequestRow<SignSpkacRequest>(MessageType.SignSpkacRequest, MessageType.SignSpkacResponse, RequestFlags.Signing, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root, r => r.Profile),
        new RequestRow<RevokeBatchRequest>(MessageType.RevokeBatchRequest, MessageType.RevokeBatchResponse, Settled, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<ListCertificatesRequest>(MessageType.ListCertificatesRequest, MessageType.ListCertificatesResponse, SettledReadOnly, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root, r => r.Profile),
        new RequestRow<ShowCertificateRequest>(MessageType.ShowCertificateRequest, MessageType.ShowCertificateResponse, SettledReadOnly, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<CrlStatusRequest>(MessageType.CrlStatusRequest, MessageType.CrlStatusResponse, SettledReadOnly, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),

        // The same answer as a plain CSR's: a certificate; only where its names came from differs.
        new RequestRow<SignX509WithNamesRequest>(MessageType.SignX509WithNamesRequest, MessageType.SignX509Response, RequestFlags.Signing, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root, r => r.Profile, r => r.Csr),

        // Answered like a CrlRequest: with the CRL it made (or the newest, when nothing changed).
        new RequestRow<IssueCrlRequest>(MessageType.IssueCrlRequest, MessageType.CrlResponse, Settled, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<RootVersionsRequest>(MessageType.RootVersionsRequest, MessageType.RootVersionsResponse, SettledReadOnly, ProtocolLimits.MaxBody,
            MessageValidator.Validate, r => r.RequestId, r => r.Root),
        new RequestRow<ClockStatusRequest>(MessageType.ClockStatusRequest, MessageType.ClockStatusResponse, SettledReadOnly, SmallRequestBody,
            MessageValidator.Validate, r => r.RequestId),
    ];

    private static readonly FrozenDictionary<MessageType, RequestRow> ByType = Rows.ToFrozenDictionary(r => r.Type);

    private static readonly FrozenDictionary<Type, RequestRow> ByClass = Rows.ToFrozenDictionary(r => r.RequestClass);

    /// <summary>The row of a request type; null for any other byte (a response, a spool-internal type, an unassigned value).</summary>
    public static RequestRow? Find(MessageType type) => ByType.GetValueOrDefault(type);

    /// <summary>The row of a request's class.</summary>
    /// <exception cref="ArgumentException"><paramref name="request"/> is not a request message.</exception>
    public static RequestRow Of(object request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ByClass.GetValueOrDefault(request.GetType())
            ?? throw new ArgumentException($"not a request type: {request.GetType().Name}", nameof(request));
    }
}
