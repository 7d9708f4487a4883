namespace PrivSepSigner.Logging.Verification;

/// <summary>One daemon (APP-NAME) in the log: its current boot and when it last sealed a valid line.</summary>
internal sealed class DaemonRecord(string appName)
{
    public string AppName { get; } = appName;

    /// <summary>The boot that began last; every earlier boot of this daemon must be over.</summary>
    public BootRecord? Current { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }
}
