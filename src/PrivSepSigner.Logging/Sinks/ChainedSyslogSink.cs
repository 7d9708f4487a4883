using System.Globalization;
using System.Text;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.Logging.Format;
using PrivSepSigner.Logging.Targets;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace PrivSepSigner.Logging.Sinks;

/// <summary>
/// Formats each event as RFC 5424, seals it into the MAC chain ONCE, and hands the same
/// bytes to every target's queue, so every copy of the log verifies the same way.
/// Also the source of the chain's own messages: "start", a "heartbeat" every interval (so
/// silence is detectable), "dropped" notices, and "stop".
/// SECURITY: never blocks and never throws into the daemon; problems go to SelfLog.
/// </summary>
public sealed class ChainedSyslogSink : ILogEventSink, IDisposable
{
    public const string HeartbeatMsgId = "heartbeat";
    public const string DroppedMsgId = "dropped";
    public const string StartMsgId = "start";
    public const string StopMsgId = "stop";
    public const string DroppedSdId = "dropped@" + Rfc5424Formatter.EnterpriseNumber;

    /// <summary>On the start line: <c>[key@32473 id="..."]</c>, the chain key's id, so a collector knows which key a boot needs.</summary>
    public const string KeySdId = "key@" + Rfc5424Formatter.EnterpriseNumber;

    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private readonly Rfc5424Formatter formatter;
    private readonly MacChain? chain;
    private readonly IReadOnlyList<TargetPump> pumps;
    private readonly TimeProvider time;
    private readonly ITimer heartbeat;
    private ulong unchainedSequence;
    private bool disposed;

    /// <param name="options">Daemon name, facility, heartbeat, queue size, reopen interval.</param>
    /// <param name="targets">Where the lines go; the sink owns and disposes them.</param>
    /// <param name="chainKey">k0 (32 bytes), or empty for unsealed lines; the caller zeroes its copy.</param>
    /// <param name="time">Clock for heartbeats and synthetic messages; the system clock if null.</param>
    public ChainedSyslogSink(LoggingOptions options, IEnumerable<ILineTarget> targets, ReadOnlySpan<byte> chainKey, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(targets);
        options.Validate();
        this.time = time ?? TimeProvider.System;
        formatter = new Rfc5424Formatter(options.Daemon, options.Facility, options.HostName, maxMessageBytes: options.MaxMessageBytes);
        chain = chainKey.IsEmpty ? null : new MacChain(chainKey);
        pumps = targets
            .Select(t => new TargetPump(t, options.QueueCapacity, options.ReopenInterval, MakeDropNotice, this.time))
            .ToList();
        foreach (var pump in pumps)
        {
            pump.Start();
        }
        Synthetic(StartMsgId, LogEventLevel.Information, chain is null ? string.Empty : $"[{KeySdId} id=\"{chain.KeyId}\"]",
            string.Create(CultureInfo.InvariantCulture, $"logging started, heartbeat every {options.HeartbeatInterval.TotalSeconds}s"), except: null);
        heartbeat = this.time.CreateTimer(_ => Heartbeat(), null, options.HeartbeatInterval, options.HeartbeatInterval);
    }

    /// <summary>The chain's boot id, or null when lines are not sealed.</summary>
    public string? BootId => chain?.BootId;

    /// <summary>Lines lost over all targets since start (each target counts its own).</summary>
    public long DroppedTotal => pumps.Sum(p => p.DroppedTotal);

    public void Emit(LogEvent logEvent)
    {
        try
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }
                var line = formatter.Format(logEvent, chain?.Placeholder() ?? string.Empty);
                SealAndQueue(line, except: null);
            }
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("syslog sink: event lost: {0}", e);
        }
    }

    /// <summary>Sends "stop", lets the queues drain briefly, then closes every target and erases the key.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            heartbeat.Dispose();
            try
            {
                SealAndQueue(formatter.FormatSynthetic(time.GetUtcNow(), LogEventLevel.Information, StopMsgId,
                    chain?.Placeholder() ?? string.Empty, "logging stopped"), except: null);
            }
            catch (Exception e)
            {
                SelfLog.WriteLine("syslog sink: stop message lost: {0}", e);
            }
            disposed = true;
        }
        var started = time.GetTimestamp();
        foreach (var pump in pumps)
        {
            var left = ShutdownDrain - time.GetElapsedTime(started);
            pump.Stop(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        foreach (var pump in pumps)
        {
            pump.Dispose();
        }
        lock (gate)
        {
            chain?.Dispose();
        }
    }

    private void Heartbeat() =>
        Synthetic(HeartbeatMsgId, LogEventLevel.Information, string.Empty, "heartbeat", except: null);

    /// <summary>Called on a pump's thread when its target takes data again after drops.</summary>
    private byte[]? MakeDropNotice(TargetPump pump, DropReport report)
    {
        var data = new StringBuilder().Append('[').Append(DroppedSdId).Append(" target=\"");
        Rfc5424Escaping.AppendParamValue(data, pump.Name);
        data.Append(CultureInfo.InvariantCulture,
            $"\" count=\"{report.Count}\" first=\"{report.FirstSequence}\" last=\"{report.LastSequence}\"]");
        var message = string.Create(CultureInfo.InvariantCulture,
            $"dropped {report.Count} messages for {pump.Name} (seq {report.FirstSequence}..{report.LastSequence}): queue full");
        return Synthetic(DroppedMsgId, LogEventLevel.Warning, data.ToString(), message, except: pump);
    }

    private byte[]? Synthetic(string msgId, LogEventLevel level, string structuredData, string message, TargetPump? except)
    {
        try
        {
            lock (gate)
            {
                if (disposed)
                {
                    return null;
                }
                var line = formatter.FormatSynthetic(time.GetUtcNow(), level, msgId, (chain?.Placeholder() ?? string.Empty) + structuredData, message);
                return SealAndQueue(line, except);
            }
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("syslog sink: {0} message lost: {1}", msgId, e);
            return null;
        }
    }

    /// <summary>Under the gate: sequence order equals queue order on every target.</summary>
    private byte[] SealAndQueue(string line, TargetPump? except)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        ulong sequence;
        if (chain is null)
        {
            sequence = unchainedSequence++;
        }
        else
        {
            sequence = chain.NextSequence;
            bytes = chain.Seal(bytes);
        }
        var framed = new byte[bytes.Length + 1];
        bytes.CopyTo(framed, 0);
        // LF framing (REFERENCE 5): resynchronises after a lost byte, unlike octet counting.
        framed[^1] = (byte)'\n';
        foreach (var pump in pumps)
        {
            if (!ReferenceEquals(pump, except))
            {
                pump.TryEnqueue(sequence, framed);
            }
        }
        return framed;
    }
}
