using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The issued certificate (type 0x81).</summary>
[MessagePackObject]
public sealed class SignX509Response : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>DER-encoded X.509 certificate (RFC 5280).</summary>
    [Key(1)]
    public required byte[] Certificate { get; init; }

    /// <summary>Serial number, lowercase hex without a leading 00 pad byte.</summary>
    [Key(2)]
    public required string SerialHex { get; init; }

    /// <summary>The root that signed.</summary>
    [Key(3)]
    public required string Root { get; init; }

    /// <summary>The profile that was applied.</summary>
    [Key(4)]
    public required string Profile { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Certificate is null ? "certificate"
        : SerialHex is null ? "serialHex"
        : Root is null ? "root"
        : Profile is null ? "profile"
        : null;
}
