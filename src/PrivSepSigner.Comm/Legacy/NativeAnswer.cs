using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>A native response (type and MessagePack body) the signer or the comm side produced for a translated request.</summary>
internal sealed record NativeAnswer(MessageType Type, byte[] Body);
