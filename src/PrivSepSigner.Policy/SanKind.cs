namespace PrivSepSigner.Policy;

/// <summary>The GeneralName form of one requested subjectAltName entry (RFC 5280 4.2.1.6).</summary>
public enum SanKind
{
    Dns,
    Email,
    Ip,

    /// <summary>otherName id-on-xmppAddr (RFC 6120 13.7.1.4) holding a domain name.</summary>
    XmppAddr,

    /// <summary>Any other form (another otherName, URI, directoryName...); never issued.</summary>
    Other,
}
