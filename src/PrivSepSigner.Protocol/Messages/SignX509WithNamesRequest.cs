using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Asks for an X.509 certificate for the key of a PKCS#10 request under names the front end
/// states (type 0x0E, answered by a <see cref="SignX509Response"/>). A registration authority's
/// front end verifies domains and addresses and states the subject and SANs; the CSR only proves
/// possession of the key (RFC 2986 3). The stated names are filtered by the profile exactly like
/// a CSR's; the CSR's own names and extensions are ignored.
/// </summary>
[MessagePackObject]
public sealed class SignX509WithNamesRequest : IWireMessage, ISigningRequest
{
    /// <summary>Caller-chosen id; resending with the same id is idempotent.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds; used only to detect clock skew.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Name of the issuing root.</summary>
    [Key(2)]
    public required string Root { get; init; }

    /// <summary>Name of the profile under that root.</summary>
    [Key(3)]
    public required string Profile { get; init; }

    /// <summary>DER-encoded PKCS#10 CertificationRequest (RFC 2986): its key and self-signature only.</summary>
    [Key(4)]
    public required byte[] Csr { get; init; }

    /// <summary>Subject attributes as "TYPE=value" (CN, O, OU, L, ST, C, emailAddress), most significant first.</summary>
    [Key(5)]
    public required string[] Subject { get; init; }

    /// <summary>Subject alternative names as "dns:NAME", "email:ADDR", "ip:ADDR" or "otherName:1.3.6.1.5.5.7.8.5;UTF8:DOMAIN".</summary>
    [Key(6)]
    public required string[] Sans { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Profile is null ? "profile"
        : Csr is null ? "csr"
        : Subject is null ? "subject"
        : Sans is null ? "sans"
        : null;
}
