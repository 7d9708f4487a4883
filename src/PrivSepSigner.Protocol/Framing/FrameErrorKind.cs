namespace PrivSepSigner.Protocol.Framing;

/// <summary>Why a frame was rejected by the framing layer.</summary>
public enum FrameErrorKind
{
    /// <summary>More bytes than <see cref="ProtocolLimits.MaxPayload"/> allows before the next 0x00; they were discarded.</summary>
    Oversize,

    /// <summary>The bytes between two 0x00 delimiters are not a valid COBS encoding.</summary>
    BadCobs,

    /// <summary>The decoded payload is shorter than <see cref="ProtocolLimits.MinPayload"/>.</summary>
    TooShort,

    /// <summary>Byte 0 is not <see cref="ProtocolLimits.Version"/>.</summary>
    BadVersion,

    /// <summary>The CRC-32 trailer does not match the payload.</summary>
    CrcMismatch,
}
