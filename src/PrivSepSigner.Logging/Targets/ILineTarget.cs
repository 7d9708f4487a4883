namespace PrivSepSigner.Logging.Targets;

/// <summary>
/// One destination for finished syslog lines. Each target is driven by exactly one pump
/// thread, so implementations need no locking. Methods report failure by result or by
/// exception; the pump catches everything and sends it to Serilog's SelfLog.
/// </summary>
public interface ILineTarget : IDisposable
{
    /// <summary>A short name for drop notices and SelfLog ("tty:/dev/ttyS1").</summary>
    string Name { get; }

    /// <summary>Whether the target keeps the LF (stream targets) or is message-framed (datagrams).</summary>
    bool AppendsNewline { get; }

    bool IsOpen { get; }

    /// <summary>Opens or reopens; throws on failure.</summary>
    void Open();

    /// <summary>Writes without blocking the caller for long; partial writes are allowed for streams.</summary>
    LineWriteResult Write(ReadOnlySpan<byte> data, out int written);

    void Close();
}
