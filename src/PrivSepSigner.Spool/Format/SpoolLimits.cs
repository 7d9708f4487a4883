namespace PrivSepSigner.Spool.Format;

/// <summary>Hard limits of the spool format (docs/spool-format.md, "Limits").</summary>
public static class SpoolLimits
{
    /// <summary>Most 'M' records in one entry.</summary>
    public const int MaxItems = 256;

    /// <summary>Longest message body; an 'M' value is one type byte plus the body.</summary>
    public const int MaxItemBody = 65535;

    /// <summary>Longest 'M' record value (type byte + body).</summary>
    public const int MaxItemValue = MaxItemBody + 1;

    /// <summary>
    /// Longest message body in an answer entry (the outbox): answers may be larger than any
    /// request (a certified OpenPGP key, a page of a listing), and the comm handler sends those
    /// over the link in pieces. Requests and acknowledgements keep <see cref="MaxItemBody"/>.
    /// With at most <see cref="MaxRequestItems"/> answers per entry an answer entry stays within
    /// <see cref="MaxEntryBytes"/>.
    /// </summary>
    public const int MaxAnswerItemBody = 256 * 1024;

    /// <summary>Longest entry name (and 'I' value).</summary>
    public const int MaxNameLength = 64;

    /// <summary>Length of the file magic "PSSPOOL1".</summary>
    public const int MagicLength = 8;

    /// <summary>Record header: type byte and u32 big-endian length.</summary>
    public const int RecordHeaderLength = 5;

    /// <summary>
    /// Largest possible valid entry file: magic, V, the longest I, W, MaxItems full M records, E.
    /// 16,778,601 bytes (16 MiB of bodies plus 1,385 bytes of framing).
    /// </summary>
    public const long MaxEntryBytes =
        MagicLength
        + (RecordHeaderLength + 1)
        + (RecordHeaderLength + MaxNameLength)
        + (RecordHeaderLength + 8)
        + ((long)MaxItems * (RecordHeaderLength + MaxItemValue))
        + (RecordHeaderLength + 4);

    /// <summary>Most messages the comm handler puts into one request entry (its group commit).</summary>
    public const int MaxRequestItems = 64;

    /// <summary>Most bytes of message bodies the comm handler puts into one request entry.</summary>
    public const int MaxRequestEntryBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Largest request entry file: magic, V, the longest I, W, <see cref="MaxRequestItems"/> M
    /// record headers and type bytes, <see cref="MaxRequestEntryBodyBytes"/> of bodies, E.
    /// The signer refuses larger request entries before reading them.
    /// </summary>
    public const long MaxRequestEntryBytes =
        MagicLength
        + (RecordHeaderLength + 1)
        + (RecordHeaderLength + MaxNameLength)
        + (RecordHeaderLength + 8)
        + ((long)MaxRequestItems * (RecordHeaderLength + 1))
        + MaxRequestEntryBodyBytes
        + (RecordHeaderLength + 4);

    /// <summary>Default cap on quarantined entries; the oldest beyond it are deleted.</summary>
    public const int MaxQuarantined = 1000;

    /// <summary>Default cap on names returned by one directory listing.</summary>
    public const int MaxListed = 10000;
}
