namespace PrivSepSigner.Logging;

/// <summary>Where chained syslog lines can go.</summary>
public enum LogTargetKind
{
    /// <summary>A Unix datagram socket such as /dev/log; rsyslog forwards from there.</summary>
    UnixDatagram,

    /// <summary>A serial line or pty, written raw and non-blocking.</summary>
    Tty,

    /// <summary>An append-only file holding what the serial line would carry (development).</summary>
    File,

    Stdout,
    Stderr,
}
