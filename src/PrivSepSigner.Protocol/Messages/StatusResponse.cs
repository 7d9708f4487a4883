using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The signer's health, clock and roots (type 0x83).</summary>
[MessagePackObject]
public sealed class StatusResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The protocol version the serving side speaks.</summary>
    [Key(1)]
    public required int ProtocolVersion { get; init; }

    /// <summary>The signer's UTC clock, Unix milliseconds.</summary>
    [Key(2)]
    public required long SignerTimeUnixMs { get; init; }

    /// <summary>Signer clock minus the front end's <c>FrontEndTimeUnixMs</c>, milliseconds.</summary>
    [Key(3)]
    public required long ClockOffsetMs { get; init; }

    /// <summary>Requests waiting in the spool.</summary>
    [Key(4)]
    public required int SpoolDepth { get; init; }

    /// <summary>The last error the signer reported, or null.</summary>
    [Key(5)]
    public string? LastError { get; init; }

    /// <summary>The configured roots.</summary>
    [Key(6)]
    public required RootStatus[] Roots { get; init; }

    /// <summary>Certificates issued since the signer's database was created.</summary>
    [Key(7)]
    public required long IssuedTotal { get; init; }

    /// <summary>When the signer process started, Unix milliseconds.</summary>
    [Key(8)]
    public required long StartedUnixMs { get; init; }

    /// <summary>Each root's newest full CRL: number and nextUpdate.</summary>
    [Key(9)]
    public required CrlStatus[] Crls { get; init; }

    /// <summary>Fingerprint of the CA's OpenPGP key (uppercase hex), or nil when none is configured.</summary>
    [Key(10)]
    public required string? PgpFingerprint { get; init; }

    string? IWireMessage.FindMissingField()
    {
        if (RequestId is null)
        {
            return "requestId";
        }

        if (Crls is null)
        {
            return "crls";
        }

        if (Roots is null)
        {
            return "roots";
        }

        foreach (RootStatus? root in Roots)
        {
            string? missing = root is null ? string.Empty : ((IWireMessage)root).FindMissingField();
            if (missing is not null)
            {
                return missing.Length == 0 ? "roots[]" : "roots[]." + missing;
            }
        }

        return null;
    }
}
