using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks for OpenPGP certifications of user IDs of a public key (type 0x06).</summary>
[MessagePackObject]
public sealed class PgpSignRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id; resending with the same id is idempotent.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>The OpenPGP transferable public key, binary or ASCII-armored (RFC 4880 11.1).</summary>
    [Key(2)]
    public required byte[] PublicKey { get; init; }

    /// <summary>User IDs to certify; empty means every user ID with a valid self-signature.</summary>
    [Key(3)]
    public required string[] UserIds { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : PublicKey is null ? "publicKey"
        : UserIds is null ? "userIds"
        : null;
}
