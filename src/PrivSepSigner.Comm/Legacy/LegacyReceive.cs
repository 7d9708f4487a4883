namespace PrivSepSigner.Comm.Legacy;

/// <summary>What one receive on the legacy link produced: a verified body, a lost frame, or the end of the stream.</summary>
internal readonly record struct LegacyReceive(byte[]? Body, string? Failure, bool EndOfStream)
{
    public static LegacyReceive End => new(null, null, true);

    public static LegacyReceive Ok(byte[] body) => new(body, null, false);

    public static LegacyReceive Lost(string why) => new(null, why, false);
}
