namespace PrivSepSigner.Policy;

/// <summary>The GeneralName form of one requested subjectAltName entry (RFC 5280 4.2.1.6).</summary>
public enum SanKind
{
    Dns,
    Email,
    Ip,

    /// <summary>Any other form (otherName, URI, directoryName...); never issued.</summary>
    Other,
}
