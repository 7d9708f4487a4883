using PrivSepSigner.Posix.Files;
using PrivSepSigner.Spool.Reading;

namespace PrivSepSigner.Spool;

/// <summary>
/// The names under the spool root (docs/spool-format.md, "Directory layout"). Owners and modes
/// of the two-user deployment are set by the installer, not here.
/// </summary>
public sealed class SpoolLayout
{
    public SpoolLayout(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>Requests: written by comm, read and deleted by the signer.</summary>
    public string Incoming => Path.Combine(Root, "incoming");

    /// <summary>comm's temporary files for <see cref="Incoming"/>.</summary>
    public string IncomingTmp => Path.Combine(Root, "incoming.tmp");

    /// <summary>Answers: written by the signer, read by comm, deleted by the signer once acknowledged.</summary>
    public string Outbox => Path.Combine(Root, "outbox");

    /// <summary>The signer's temporary files for <see cref="Outbox"/>.</summary>
    public string OutboxTmp => Path.Combine(Root, "outbox.tmp");

    /// <summary>Acknowledgements of forwarded answers: written by comm, read and deleted by the signer.</summary>
    public string Ack => Path.Combine(Root, "ack");

    /// <summary>comm's temporary files for <see cref="Ack"/>.</summary>
    public string AckTmp => Path.Combine(Root, "ack.tmp");

    /// <summary>
    /// CRLs the signer published, one file per CRL named by its SHA-256: written by the signer
    /// (through <see cref="OutboxTmp"/>), read by comm, which sends them to the front end.
    /// </summary>
    public string Crls => Path.Combine(Root, "crl");

    /// <summary>Rejected entries, for an operator to inspect; the signer's only.</summary>
    public string Quarantine => Path.Combine(Root, "quarantine");

    /// <summary>Rung by comm after publishing to incoming or ack; the signer listens.</summary>
    public string IncomingDoorbell => Path.Combine(Root, "incoming.fifo");

    /// <summary>Rung by the signer after publishing to the outbox; comm listens.</summary>
    public string OutboxDoorbell => Path.Combine(Root, "outbox.fifo");

    /// <summary>
    /// Creates every directory (0700) and both FIFOs (0600) for a single-user development
    /// install. Idempotent; existing directories keep their mode. Fails if a FIFO path holds
    /// something else, rather than ringing a regular file later.
    /// </summary>
    public void CreateForDevelopment()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the spool needs Linux system calls");
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(Root, OwnerOnly);
        foreach (var dir in new[] { Incoming, IncomingTmp, Outbox, OutboxTmp, Ack, AckTmp, Quarantine, Crls })
        {
            Directory.CreateDirectory(dir, OwnerOnly);
        }

        CreateFifo(IncomingDoorbell);
        CreateFifo(OutboxDoorbell);
    }

    private static void CreateFifo(string path)
    {
        if (Paths.CreateFifo(path, 0b110_000_000))
        {
            return;
        }

        var st = FileStatus.OfPath(path, $"lstat {path}");
        if (st.Kind != FileKind.Fifo)
        {
            throw new IOException($"{path} exists and is a {st.Describe()}, not a FIFO");
        }
    }
}
