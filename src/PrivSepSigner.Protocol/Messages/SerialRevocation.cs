using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One serial of a <see cref="RevokeBatchResponse"/>: [SerialHex, Outcome, Reason, RevokedAtUnixMs].</summary>
[MessagePackObject]
public sealed class SerialRevocation : IWireMessage
{
    [Key(0)]
    public required string SerialHex { get; init; }

    /// <summary>What happened to it.</summary>
    [Key(1)]
    public required RevocationOutcome Outcome { get; init; }

    /// <summary>The reason it is revoked with now (-1 when unknown).</summary>
    [Key(2)]
    public required int Reason { get; init; }

    /// <summary>When it was revoked (0 when unknown).</summary>
    [Key(3)]
    public required long RevokedAtUnixMs { get; init; }

    string? IWireMessage.FindMissingField() => SerialHex is null ? "serialHex" : null;
}
