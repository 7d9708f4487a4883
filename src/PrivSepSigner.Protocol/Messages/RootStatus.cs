using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One root in a <see cref="StatusResponse"/>.</summary>
[MessagePackObject]
public sealed class RootStatus : IWireMessage
{
    /// <summary>Name of the root.</summary>
    [Key(0)]
    public required string Name { get; init; }

    /// <summary>Key algorithm, e.g. "ecdsa-p256" or "rsa-3072".</summary>
    [Key(1)]
    public required string KeyAlgorithm { get; init; }

    /// <summary>SHA-256 of the root certificate's DER, lowercase hex.</summary>
    [Key(2)]
    public required string CertificateSha256 { get; init; }

    /// <summary>Profile names usable under this root.</summary>
    [Key(3)]
    public required string[] Profiles { get; init; }

    /// <summary>The root certificate's notAfter, Unix milliseconds.</summary>
    [Key(4)]
    public required long NotAfterUnixMs { get; init; }

    string? IWireMessage.FindMissingField() =>
        Name is null ? "name"
        : KeyAlgorithm is null ? "keyAlgorithm"
        : CertificateSha256 is null ? "certificateSha256"
        : Profiles is null ? "profiles"
        : Array.IndexOf(Profiles, null) >= 0 ? "profiles[]"
        : null;
}
