using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The submitted key with the CA's certifications attached (type 0x86).</summary>
[MessagePackObject]
public sealed class PgpSignResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>ASCII-armored public key with the new certifications.</summary>
    [Key(1)]
    public required byte[] CertifiedKey { get; init; }

    /// <summary>Fingerprint of the certified key, uppercase hex.</summary>
    [Key(2)]
    public required string Fingerprint { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : CertifiedKey is null ? "certifiedKey"
        : Fingerprint is null ? "fingerprint"
        : null;
}
