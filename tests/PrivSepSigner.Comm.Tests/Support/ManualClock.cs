namespace PrivSepSigner.Comm.Tests.Support;

/// <summary>A clock the test moves by hand: wall time and the monotonic timestamp advance together.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now;
    private long ticks;

    public ManualClock(DateTimeOffset start) => now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => now;

    public override long GetTimestamp() => ticks;

    public void Advance(TimeSpan by)
    {
        now += by;
        ticks += by.Ticks;
    }
}
