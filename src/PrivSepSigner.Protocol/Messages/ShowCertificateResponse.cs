using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One issued certificate's record, with its DER certificate (type 0x8C).</summary>
[MessagePackObject]
public sealed class ShowCertificateResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The record, its <see cref="CertificateSummary.Certificate"/> set.</summary>
    [Key(1)]
    public required CertificateSummary Certificate { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Certificate is null ? "certificate"
        : ((IWireMessage)Certificate).FindMissingField() is { } missing ? "certificate." + missing
        : Certificate.Certificate is null ? "certificate.certificate"
        : null;
}
