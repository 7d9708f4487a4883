namespace PrivSepSigner.Logging.Format;

/// <summary>Syslog facility codes, RFC 5424 6.2.1 table 1 (only the ones a daemon here may use).</summary>
public enum SyslogFacility
{
    User = 1,
    Daemon = 3,
    Auth = 4,
    AuthPriv = 10,
    Local0 = 16,
    Local1 = 17,
    Local2 = 18,
    Local3 = 19,
    Local4 = 20,
    Local5 = 21,
    Local6 = 22,
    Local7 = 23,
}
