namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// A chained RFC 5424 line as the verifier needs it. <see cref="MacInput"/> is the line from
/// "&lt;PRI&gt;" on with the mac value removed: exactly the bytes the sender MAC'd.
/// </summary>
internal sealed record ParsedLine(
    string AppName,
    string BootId,
    ulong Sequence,
    byte[] Mac,
    byte[] MacInput,
    string MsgId,
    DateTimeOffset? Timestamp,
    IReadOnlyList<SdElement> Elements);
