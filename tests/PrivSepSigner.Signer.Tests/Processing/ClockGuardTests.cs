using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Tests.TestSupport;

namespace PrivSepSigner.Signer.Tests.Processing;

/// <summary>
/// Clock drift without outages (issue 16 item 12): an offset past the warning bound is warned
/// about once per episode (and hourly while it lasts) and signing goes on; only past the refusal
/// bound is signing refused; the offsets are kept as an hourly history for `status`.
/// </summary>
public sealed class ClockGuardTests
{
    private static readonly TimeSpan Warn = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Limit = TimeSpan.FromHours(1);

    private readonly ManualTime time = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly LogLines log = new();

    [Fact]
    public void A_drift_past_the_warning_bound_is_warned_about_once_and_signing_goes_on()
    {
        var guard = new ClockGuard(Warn, Limit, log.Logger, time);

        Assert.Null(guard.RefuseSigning(FrontEnd(-30), time.GetUtcNow()));
        Assert.Equal(ClockGuard.Ok, guard.Report().State);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(guard.RefuseSigning(FrontEnd(-90), time.GetUtcNow()));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(ClockGuard.Warning, guard.Report().State);
        Assert.Single(log.All, l => l.Contains("WARNING clock offset 90000 ms exceeds the warning bound 60000 ms; still signing, refusing past 3600000 ms", StringComparison.Ordinal));
        Assert.DoesNotContain(log.All, l => l.Contains("ALARM", StringComparison.Ordinal));

        // Still drifting an hour later: the warning is repeated, not once per request.
        time.Advance(TimeSpan.FromHours(1));
        Assert.Null(guard.RefuseSigning(FrontEnd(-95), time.GetUtcNow()));
        Assert.Equal(2, log.All.Count(l => l.Contains("WARNING clock offset", StringComparison.Ordinal)));
    }

    [Fact]
    public void Only_past_the_refusal_bound_is_signing_refused_and_it_resumes_when_the_clock_is_back()
    {
        var guard = new ClockGuard(Warn, Limit, log.Logger, time);

        Assert.Null(guard.RefuseSigning(FrontEnd(-3599), time.GetUtcNow()));
        var refused = guard.RefuseSigning(FrontEnd(-3700), time.GetUtcNow());
        Assert.Contains("more than the 3600000 ms allowed; not signing", refused);
        Assert.NotNull(guard.RefuseSigning(FrontEnd(3700), time.GetUtcNow()));
        Assert.Equal(ClockGuard.Refusing, guard.Report().State);
        Assert.Single(log.All, l => l.Contains("ALARM clock offset", StringComparison.Ordinal));

        Assert.Null(guard.RefuseSigning(FrontEnd(-1), time.GetUtcNow()));
        Assert.Equal(ClockGuard.Ok, guard.Report().State);
        Assert.Contains(log.All, l => l.Contains("clock offset back within bounds", StringComparison.Ordinal) && l.Contains("signing resumes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_history_holds_one_sample_per_hour_for_two_days_oldest_first()
    {
        var guard = new ClockGuard(Warn, Limit, log.Logger, time);
        guard.Observe(FrontEnd(-10), time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(20));
        guard.Observe(FrontEnd(-40), time.GetUtcNow());
        guard.Observe(FrontEnd(-25), time.GetUtcNow());

        var first = Assert.Single(guard.Report().History);
        Assert.Equal((10_000L, 40_000L, 25_000L, 3), (first.MinOffsetMs, first.MaxOffsetMs, first.LastOffsetMs, first.Observations));
        Assert.Equal(time.GetUtcNow().AddMinutes(-20).ToUnixTimeMilliseconds(), first.HourUnixMs);

        for (var hour = 1; hour <= 60; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            guard.Observe(FrontEnd(-hour), time.GetUtcNow());
        }

        var history = guard.Report().History;
        Assert.Equal(ClockStatusResponse.MaxHistory, history.Length);
        Assert.Equal(13_000, history[0].LastOffsetMs);
        Assert.Equal(60_000, history[^1].LastOffsetMs);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.HourUnixMs < p.Second.HourUnixMs));
    }

    [Fact]
    public void A_warning_bound_above_the_refusal_bound_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClockGuard(TimeSpan.FromHours(2), Limit, log.Logger, time));
    }

    /// <summary>The front end's clock <paramref name="seconds"/> away from this host's now (negative: behind it, a positive offset).</summary>
    private long FrontEnd(int seconds) => time.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
