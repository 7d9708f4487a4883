namespace PrivSepSigner.Protocol;

/// <summary>
/// Reason carried in an <see cref="ErrorResponse"/>. Values are never reused.
/// A receiver that meets a value it does not know treats it like <see cref="Internal"/>.
/// </summary>
public enum ErrorCode
{
    /// <summary>The frame or MessagePack body could not be parsed.</summary>
    Malformed = 1,

    /// <summary>The body parsed but a field broke a syntax rule (the message names the field).</summary>
    InvalidRequest = 2,

    /// <summary>No root of that name is configured.</summary>
    UnknownRoot = 3,

    /// <summary>The root has no profile of that name.</summary>
    UnknownProfile = 4,

    /// <summary>Policy refused the request (the message says why).</summary>
    PolicyRefused = 5,

    /// <summary>The spool quota is full: resend later with the SAME request id.</summary>
    RetryLater = 6,

    /// <summary>The signer is not running or its key is not available.</summary>
    Unavailable = 7,

    /// <summary>An unexpected failure on the serving side.</summary>
    Internal = 8,

    /// <summary>Byte 0 of the frame named a protocol version this side does not speak.</summary>
    UnsupportedVersion = 9,

    /// <summary>The request id was already used for a different request.</summary>
    RequestIdConflict = 10,

    /// <summary>The front end's clock is too far from the signer's.</summary>
    ClockSkew = 11,

    /// <summary>Byte 1 of the frame is not a request type this side knows.</summary>
    UnknownMessageType = 12,
}
