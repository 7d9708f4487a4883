namespace PrivSepSigner.Logging.Verification;

internal enum LineParseStatus
{
    /// <summary>Not ours: no RFC 5424 header, or no chain element (other programs' syslog).</summary>
    Unchained,

    Chained,

    /// <summary>Mentions the chain SD-ID but does not parse: treated as tampering.</summary>
    Malformed,
}
