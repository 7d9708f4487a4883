using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The CA's OpenPGP public key (type 0x87).</summary>
[MessagePackObject]
public sealed class PgpCaKeyResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>ASCII-armored public key of the CA.</summary>
    [Key(1)]
    public required byte[] PublicKey { get; init; }

    /// <summary>Its fingerprint, uppercase hex.</summary>
    [Key(2)]
    public required string Fingerprint { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : PublicKey is null ? "publicKey"
        : Fingerprint is null ? "fingerprint"
        : null;
}
