namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Implemented by every message so <see cref="MessageCodec"/> can reject a body whose
/// non-nullable fields arrived as MessagePack nil (the dynamic formatter would accept them).
/// </summary>
internal interface IWireMessage
{
    /// <summary>The name of the first required field that is null, or null when all are present.</summary>
    string? FindMissingField();
}
