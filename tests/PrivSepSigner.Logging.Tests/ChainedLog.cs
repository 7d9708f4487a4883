using System.Text;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.Logging.Format;
using PrivSepSigner.Logging.Sinks;
using Serilog.Events;

namespace PrivSepSigner.Logging.Tests;

/// <summary>Writes sealed lines with chosen timestamps, the way the sink does, for verifier tests.</summary>
internal sealed class ChainedLog : IDisposable
{
    public static byte[] Key => Enumerable.Range(0, 32).Select(i => (byte)(0xa0 + i)).ToArray();

    /// <summary>A second daemon's key (the comm handler's).</summary>
    public static byte[] CommKey => Enumerable.Range(0, 32).Select(i => (byte)(0x10 + i)).ToArray();

    private readonly Rfc5424Formatter formatter;
    private readonly List<string> lines;
    private readonly byte[] key;
    private MacChain chain;

    /// <param name="appName">The APP-NAME the lines carry.</param>
    /// <param name="key">k0; <see cref="Key"/> if null.</param>
    /// <param name="bootId">A boot id to reuse (a forger continuing someone else's boot); a new one if null.</param>
    /// <param name="lines">Where the lines go: another log's list interleaves both, as one collected file.</param>
    public ChainedLog(string appName = "privsep-signerd", byte[]? key = null, string? bootId = null, List<string>? lines = null)
    {
        formatter = new Rfc5424Formatter(appName, hostName: "signer", processId: 42);
        this.key = key ?? Key;
        this.lines = lines ?? [];
        chain = new MacChain(this.key, bootId);
    }

    public IReadOnlyList<string> Lines => lines;

    public string BootId => chain.BootId;

    public void Restart()
    {
        chain.Dispose();
        chain = new MacChain(key);
    }

    /// <summary>Moves this boot's chain to <paramref name="sequence"/> without writing lines (a forger picking up a seq).</summary>
    public void SkipTo(ulong sequence, DateTimeOffset time)
    {
        while (chain.NextSequence < sequence)
        {
            Skip(time);
        }
    }

    public void Audit(DateTimeOffset time, int request) =>
        Add(formatter.Format(Events.Make(time, "audit: signed request {RequestId}", ("RequestId", request)), chain.Placeholder()));

    public void Heartbeat(DateTimeOffset time) =>
        Add(formatter.FormatSynthetic(time, LogEventLevel.Information, ChainedSyslogSink.HeartbeatMsgId, chain.Placeholder(), "heartbeat"));

    public void Stop(DateTimeOffset time) =>
        Add(formatter.FormatSynthetic(time, LogEventLevel.Information, ChainedSyslogSink.StopMsgId, chain.Placeholder(), "logging stopped"));

    /// <summary>Consumes a sequence number without writing the line (a line lost before the collector).</summary>
    public void Skip(DateTimeOffset time) =>
        chain.Seal(Encoding.UTF8.GetBytes(formatter.FormatSynthetic(time, LogEventLevel.Information, "x", chain.Placeholder(), "lost")));

    public void Add(string placeholderLine) => lines.Add(Encoding.UTF8.GetString(chain.Seal(Encoding.UTF8.GetBytes(placeholderLine))));

    public static MemoryStream ToStream(IEnumerable<string> lines) =>
        new(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    public void Dispose() => chain.Dispose();
}
