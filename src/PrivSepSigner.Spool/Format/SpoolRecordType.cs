namespace PrivSepSigner.Spool.Format;

/// <summary>The record types, in the only order they may appear (docs/spool-format.md, "Records").</summary>
internal static class SpoolRecordType
{
    public const byte Version = (byte)'V';
    public const byte Id = (byte)'I';
    public const byte Written = (byte)'W';
    public const byte Message = (byte)'M';
    public const byte End = (byte)'E';

    /// <summary>The only format version; the 'V' value.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>"PSSPOOL1": lets a reader reject a file of another kind before parsing records.</summary>
    public static ReadOnlySpan<byte> Magic => "PSSPOOL1"u8;
}
