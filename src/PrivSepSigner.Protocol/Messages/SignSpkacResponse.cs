using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Answer to SignSpkacRequest; same layout as SignX509Response (type 0x89).</summary>
[MessagePackObject]
public sealed class SignSpkacResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>DER-encoded certificate.</summary>
    [Key(1)]
    public required byte[] Certificate { get; init; }

    /// <summary>Serial number, lowercase hexadecimal without leading zeros.</summary>
    [Key(2)]
    public required string SerialHex { get; init; }

    /// <summary>Name of the issuing root.</summary>
    [Key(3)]
    public required string Root { get; init; }

    /// <summary>Name of the profile.</summary>
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
