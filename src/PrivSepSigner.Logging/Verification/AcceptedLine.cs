namespace PrivSepSigner.Logging.Verification;

/// <summary>A verified line of a boot: a fingerprint of its exact bytes, and where it was.</summary>
internal readonly record struct AcceptedLine(UInt128 Fingerprint, long LineNumber);
