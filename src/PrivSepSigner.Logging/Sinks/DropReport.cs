namespace PrivSepSigner.Logging.Sinks;

/// <summary>Lines a target lost while its queue was full: how many, first and last sequence number.</summary>
internal readonly record struct DropReport(long Count, ulong FirstSequence, ulong LastSequence);
