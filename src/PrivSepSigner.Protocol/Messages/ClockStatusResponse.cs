using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// The clock offset between the signer and its front ends as the signer sees it (docs/protocol.md
/// 6.13): the last offset observed, the warning and refusal thresholds, the state and an hourly
/// history, so that an operator visiting an offline host sees how far and how fast it drifted.
/// </summary>
[MessagePackObject]
public sealed class ClockStatusResponse : IWireMessage
{
    /// <summary>At most this many hours of history (two days).</summary>
    public const int MaxHistory = 48;

    /// <summary>The request's id.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The last offset observed (this host's clock minus the front end's, ms); this request's.</summary>
    [Key(1)]
    public required long OffsetMs { get; init; }

    /// <summary>Past this |offset| the signer warns (and keeps signing).</summary>
    [Key(2)]
    public required long WarnOffsetMs { get; init; }

    /// <summary>Past this |offset| the signer refuses to sign.</summary>
    [Key(3)]
    public required long MaxOffsetMs { get; init; }

    /// <summary>"ok", "warning" or "refusing", as of the last offset observed.</summary>
    [Key(4)]
    public required string State { get; init; }

    /// <summary>One sample per hour with observations, oldest first, at most <see cref="MaxHistory"/>.</summary>
    [Key(5)]
    public required ClockSample[] History { get; init; }

    string? IWireMessage.FindMissingField() => RequestId is null ? "requestId" : State is null ? "state" : History is null ? "history" : null;
}
