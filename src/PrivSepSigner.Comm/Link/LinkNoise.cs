using System.Globalization;
using Serilog;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// What the comm handler tells the log about hostile or noisy link input, bounded: the first
/// framing error of each interval in full and one line with the counts of the rest; request
/// refusals (each of which is answered) in full up to a burst per interval, then counted the same
/// way. Shared by all sessions, so many connections do not multiply the lines.
/// </summary>
internal sealed class LinkNoise : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>Refusals logged one by one per interval; an ordinary front end's mistakes never reach it.</summary>
    public const int RefusalBurst = 20;

    public LinkNoise(ILogger log, TimeSpan? interval = null, TimeProvider? time = null)
    {
        var every = interval ?? DefaultInterval;
        time ??= TimeProvider.System;
        FramingErrors = new NoiseThrottle(1, every, time, (count, kinds) =>
            log.Warning("{Count} more framing errors in the last {Seconds} s on the link, not logged or answered one by one: {Kinds}", count, Seconds(every), Describe(kinds)));
        Refusals = new NoiseThrottle(RefusalBurst, every, time, (count, kinds) =>
            log.Warning("{Count} more requests refused at the link in the last {Seconds} s, answered but not logged one by one: {Kinds}", count, Seconds(every), Describe(kinds)));
    }

    /// <summary>Framing errors, by kind (shared: bounds the log lines).</summary>
    public NoiseThrottle FramingErrors { get; }

    /// <summary>Request refusals, by error code.</summary>
    public NoiseThrottle Refusals { get; }

    public void Dispose()
    {
        FramingErrors.Dispose();
        Refusals.Dispose();
    }

    private static string Seconds(TimeSpan interval) => interval.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Describe(IReadOnlyDictionary<string, long> kinds) =>
        string.Join(", ", kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value}")));
}
