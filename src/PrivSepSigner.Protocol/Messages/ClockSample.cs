using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The offsets observed in one hour (UTC): smallest, largest and last, and how many.</summary>
[MessagePackObject]
public sealed class ClockSample
{
    /// <summary>The hour's start (ms since 1970, UTC).</summary>
    [Key(0)]
    public required long HourUnixMs { get; init; }

    [Key(1)]
    public required long MinOffsetMs { get; init; }

    [Key(2)]
    public required long MaxOffsetMs { get; init; }

    [Key(3)]
    public required long LastOffsetMs { get; init; }

    [Key(4)]
    public required int Observations { get; init; }
}
