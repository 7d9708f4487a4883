using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One root's newest full CRL, in a StatusResponse.</summary>
[MessagePackObject]
public sealed class CrlStatus : IWireMessage
{
    /// <summary>Name of the root.</summary>
    [Key(0)]
    public required string Root { get; init; }

    /// <summary>CRL number (RFC 5280 5.2.3).</summary>
    [Key(1)]
    public required long Number { get; init; }

    /// <summary>nextUpdate, Unix milliseconds.</summary>
    [Key(2)]
    public required long NextUpdateUnixMs { get; init; }

    string? IWireMessage.FindMissingField() => Root is null ? "root" : null;
}
