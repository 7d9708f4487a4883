using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks the signer to issue an X.509 certificate for a PKCS#10 request (type 0x01).</summary>
[MessagePackObject]
public sealed class SignX509Request : IWireMessage, ISigningRequest
{
    /// <summary>Caller-chosen id; resending with the same id is idempotent.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds; used only to detect clock skew.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Name of the issuing root.</summary>
    [Key(2)]
    public required string Root { get; init; }

    /// <summary>Name of the profile under that root.</summary>
    [Key(3)]
    public required string Profile { get; init; }

    /// <summary>DER-encoded PKCS#10 CertificationRequest (RFC 2986).</summary>
    [Key(4)]
    public required byte[] Csr { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Profile is null ? "profile"
        : Csr is null ? "csr"
        : null;
}
