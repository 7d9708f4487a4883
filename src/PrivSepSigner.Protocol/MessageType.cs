namespace PrivSepSigner.Protocol;

/// <summary>
/// Byte 1 of every frame payload. Values are never reused: a retired message keeps its
/// number forever. 0x04..0x7F are reserved for later requests (revoke, CRL, OpenPGP, time);
/// a response is always its request's value with the high bit set (request | 0x80).
/// </summary>
public enum MessageType : byte
{
    /// <summary>Sign a PKCS#10 request under a root and profile.</summary>
    SignX509Request = 0x01,

    /// <summary>Fetch a root's CA certificate.</summary>
    CaCertRequest = 0x02,

    /// <summary>Ask for the signer's health, clock and roots.</summary>
    StatusRequest = 0x03,

    /// <summary>Answer to <see cref="SignX509Request"/>.</summary>
    SignX509Response = 0x81,

    /// <summary>Answer to <see cref="CaCertRequest"/>.</summary>
    CaCertResponse = 0x82,

    /// <summary>Answer to <see cref="StatusRequest"/>.</summary>
    StatusResponse = 0x83,

    /// <summary>Answer to any request that failed.</summary>
    ErrorResponse = 0xFF,
}
