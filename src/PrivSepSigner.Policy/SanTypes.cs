namespace PrivSepSigner.Policy;

/// <summary>subjectAltName GeneralName forms (and otherName types) a profile may copy from a request (RFC 5280 4.2.1.6).</summary>
[Flags]
public enum SanTypes
{
    None = 0,

    /// <summary>dNSName [2].</summary>
    Dns = 1 << 0,

    /// <summary>rfc822Name [1].</summary>
    Email = 1 << 1,

    /// <summary>iPAddress [7].</summary>
    Ip = 1 << 2,

    /// <summary>otherName [0] of type id-on-xmppAddr (RFC 6120 13.7.1.4): an XMPP server's domain.</summary>
    Xmpp = 1 << 3,
}
