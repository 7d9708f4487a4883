namespace PrivSepSigner.Protocol.Framing;

/// <summary>
/// One decoded frame: the message type byte (possibly a value this side does not know, so the
/// caller can answer <see cref="ErrorCode.UnknownMessageType"/>) and the MessagePack body.
/// </summary>
public readonly record struct Frame(MessageType Type, ReadOnlyMemory<byte> Body);
