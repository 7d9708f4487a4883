using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol;

/// <summary>
/// Byte 1 of every frame payload. Values are never reused: a retired message keeps its
/// number forever. 0x11..0x7F are reserved for later requests; a response is its request's
/// value with the high bit set (request | 0x80), except that an <see cref="IssueCrlRequest"/>
/// is answered by a <see cref="CrlResponse"/> and a <see cref="SignX509WithNamesRequest"/> by a
/// <see cref="SignX509Response"/>. 0xC0..0xDF are spool-internal (signer to comm
/// handler), never accepted or sent on the link. 0xFE carries pieces of a large answer.
/// </summary>
public enum MessageType : byte
{
    /// <summary>Sign a PKCS#10 request under a root and profile.</summary>
    SignX509Request = 0x01,

    /// <summary>Fetch a root's CA certificate.</summary>
    CaCertRequest = 0x02,

    /// <summary>Ask for the signer's health, clock and roots.</summary>
    StatusRequest = 0x03,

    /// <summary>Revoke a certificate by serial.</summary>
    RevokeRequest = 0x04,

    /// <summary>Fetch a full or delta CRL.</summary>
    CrlRequest = 0x05,

    /// <summary>Certify user IDs of an OpenPGP key.</summary>
    PgpSignRequest = 0x06,

    /// <summary>Fetch the CA's OpenPGP public key.</summary>
    PgpCaKeyRequest = 0x07,

    /// <summary>Report the front end's clock; answered with the signer's.</summary>
    KeepaliveRequest = 0x08,

    /// <summary>Sign a SPKAC under a root and profile.</summary>
    SignSpkacRequest = 0x09,

    /// <summary>Revoke many serials of one root with one reason.</summary>
    RevokeBatchRequest = 0x0A,

    /// <summary>A root's CRL policy, bases and deltas.</summary>
    CrlStatusRequest = 0x0D,

    /// <summary>Sign a PKCS#10 request's key under names the front end states (issue 16); answered by a <see cref="SignX509Response"/>.</summary>
    SignX509WithNamesRequest = 0x0E,

    /// <summary>A new full CRL now, if anything changed since the newest one.</summary>
    IssueCrlRequest = 0x0F,
    /// <summary>List issued certificates, one page after a cursor (docs/protocol.md 6.9).</summary>
    ListCertificatesRequest = 0x0B,

    /// <summary>Show one issued certificate by root and serial (docs/protocol.md 6.10).</summary>
    ShowCertificateRequest = 0x0C,

    /// <summary>A root's key versions and their CA certificates (docs/protocol.md 6.11).</summary>
    RootVersionsRequest = 0x10,

    /// <summary>The signer's view of the clocks: offset, thresholds, state and the offset history (docs/protocol.md 6.13).</summary>
    ClockStatusRequest = 0x11,

    /// <summary>Answer to <see cref="SignX509Request"/>.</summary>
    SignX509Response = 0x81,

    /// <summary>Answer to <see cref="CaCertRequest"/>.</summary>
    CaCertResponse = 0x82,

    /// <summary>Answer to <see cref="StatusRequest"/>.</summary>
    StatusResponse = 0x83,

    /// <summary>Answer to <see cref="RevokeRequest"/>.</summary>
    RevokeResponse = 0x84,

    /// <summary>Answer to <see cref="CrlRequest"/>.</summary>
    CrlResponse = 0x85,

    /// <summary>Answer to <see cref="PgpSignRequest"/>.</summary>
    PgpSignResponse = 0x86,

    /// <summary>Answer to <see cref="PgpCaKeyRequest"/>.</summary>
    PgpCaKeyResponse = 0x87,

    /// <summary>Answer to <see cref="KeepaliveRequest"/>.</summary>
    KeepaliveResponse = 0x88,

    /// <summary>Answer to <see cref="SignSpkacRequest"/>.</summary>
    SignSpkacResponse = 0x89,

    /// <summary>Answer to <see cref="RevokeBatchRequest"/>.</summary>
    RevokeBatchResponse = 0x8A,

    /// <summary>Answer to <see cref="CrlStatusRequest"/>.</summary>
    CrlStatusResponse = 0x8D,

    /// <summary>Spool-internal answer to a CRL request: the CRL is a file in spool/crl. Never on the link.</summary>
    PublishedCrlAnswer = 0xC5,

    /// <summary>One piece of an answer too large for one frame.</summary>
    AnswerChunk = 0xFE,
    /// <summary>Answer to <see cref="ListCertificatesRequest"/>.</summary>
    ListCertificatesResponse = 0x8B,

    /// <summary>Answer to <see cref="ShowCertificateRequest"/>.</summary>
    ShowCertificateResponse = 0x8C,

    /// <summary>Answer to <see cref="RootVersionsRequest"/>.</summary>
    RootVersionsResponse = 0x90,

    /// <summary>Answer to <see cref="ClockStatusRequest"/>.</summary>
    ClockStatusResponse = 0x91,

    /// <summary>Answer to any request that failed.</summary>
    ErrorResponse = 0xFF,
}
