using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks for an X.509 certificate for a SPKAC (signed public key and challenge); the SPKAC carries no name, so subject and SANs come as fields and are filtered by the profile exactly like a CSR's (type 0x09).</summary>
[MessagePackObject]
public sealed class SignSpkacRequest : IWireMessage, ISigningRequest
{
    /// <summary>Caller-chosen id; resending with the same id is idempotent.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Name of the issuing root.</summary>
    [Key(2)]
    public required string Root { get; init; }

    /// <summary>Name of the profile under that root.</summary>
    [Key(3)]
    public required string Profile { get; init; }

    /// <summary>DER-encoded SignedPublicKeyAndChallenge.</summary>
    [Key(4)]
    public required byte[] Spkac { get; init; }

    /// <summary>Subject attributes as "TYPE=value" (CN, O, OU, L, ST, C, emailAddress), most significant first.</summary>
    [Key(5)]
    public required string[] Subject { get; init; }

    /// <summary>Subject alternative names as "dns:NAME", "email:ADDR" or "ip:ADDR".</summary>
    [Key(6)]
    public required string[] Sans { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Profile is null ? "profile"
        : Spkac is null ? "spkac"
        : Subject is null ? "subject"
        : Sans is null ? "sans"
        : null;
}
