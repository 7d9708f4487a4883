using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One key version of a root in a <see cref="RootVersionsResponse"/>.</summary>
[MessagePackObject]
public sealed class RootVersion : IWireMessage
{
    /// <summary>The version's name in the key directory (versions/N).</summary>
    [Key(0)]
    public required string Version { get; init; }

    /// <summary>Whether new requests are issued under this version.</summary>
    [Key(1)]
    public required bool Current { get; init; }

    /// <summary>Key algorithm, e.g. "ecdsa-p256".</summary>
    [Key(2)]
    public required string KeyAlgorithm { get; init; }

    /// <summary>SHA-256 of the CA certificate's DER, lowercase hex.</summary>
    [Key(3)]
    public required string CertificateSha256 { get; init; }

    /// <summary>The CA certificate's notBefore, Unix ms.</summary>
    [Key(4)]
    public required long NotBeforeUnixMs { get; init; }

    /// <summary>The CA certificate's notAfter, Unix ms.</summary>
    [Key(5)]
    public required long NotAfterUnixMs { get; init; }

    /// <summary>The CA certificate, DER.</summary>
    [Key(6)]
    public required byte[] Certificate { get; init; }

    string? IWireMessage.FindMissingField() =>
        Version is null ? "version"
        : KeyAlgorithm is null ? "keyAlgorithm"
        : CertificateSha256 is null ? "certificateSha256"
        : Certificate is null ? "certificate"
        : null;
}
