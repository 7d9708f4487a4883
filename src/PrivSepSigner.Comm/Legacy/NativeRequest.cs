using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>A legacy request translated into one native request: its generated id, type and MessagePack body.</summary>
internal sealed record NativeRequest(string RequestId, MessageType Type, byte[] Body, string? Root);
