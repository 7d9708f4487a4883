using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>A root's CA certificate (type 0x82).</summary>
[MessagePackObject]
public sealed class CaCertResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>DER-encoded X.509 certificate of the root.</summary>
    [Key(2)]
    public required byte[] Certificate { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Certificate is null ? "certificate"
        : null;
}
