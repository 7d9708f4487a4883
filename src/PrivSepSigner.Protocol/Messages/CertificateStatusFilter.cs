namespace PrivSepSigner.Protocol.Messages;

/// <summary>Which certificates a <see cref="ListCertificatesRequest"/> asks for, by status at the signer's clock.</summary>
public enum CertificateStatusFilter
{
    /// <summary>Every certificate.</summary>
    Any = 0,

    /// <summary>Neither revoked nor expired.</summary>
    Valid = 1,

    /// <summary>Revoked (whether or not expired since).</summary>
    Revoked = 2,

    /// <summary>Expired and not revoked.</summary>
    Expired = 3,
}
