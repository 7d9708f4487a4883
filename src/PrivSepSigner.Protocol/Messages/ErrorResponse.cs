using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Any request's failure (type 0xFF).</summary>
[MessagePackObject]
public sealed class ErrorResponse : IWireMessage
{
    /// <summary>The id of the failed request, or "" when the request could not be read.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Why it failed. Unknown values are treated as <see cref="ErrorCode.Internal"/>.</summary>
    [Key(1)]
    public required ErrorCode Code { get; init; }

    /// <summary>Human-readable reason, at most <see cref="ProtocolLimits.MaxErrorMessageLength"/> characters.</summary>
    [Key(2)]
    public required string Message { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Message is null ? "message"
        : null;
}
