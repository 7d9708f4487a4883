using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One page of issued certificates (type 0x8B); bounded by count and by the frame's size.</summary>
[MessagePackObject]
public sealed class ListCertificatesResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The certificates of this page that pass the filters, in the listing's order.</summary>
    [Key(1)]
    public required CertificateSummary[] Certificates { get; init; }

    /// <summary>The cursor for the next page, or nil when the listing is complete.</summary>
    [Key(2)]
    public required string? NextAfterSerialHex { get; init; }

    string? IWireMessage.FindMissingField()
    {
        if (RequestId is null)
        {
            return "requestId";
        }

        if (Certificates is null)
        {
            return "certificates";
        }

        foreach (CertificateSummary? c in Certificates)
        {
            string? missing = c is null ? string.Empty : ((IWireMessage)c).FindMissingField();
            if (missing is not null)
            {
                return missing.Length == 0 ? "certificates[]" : "certificates[]." + missing;
            }
        }

        return null;
    }
}
