namespace PrivSepSigner.Spool.Format;

/// <summary>One opaque message of an entry: a type byte the spool does not interpret, and its body.</summary>
/// <remarks>Record equality compares <see cref="Body"/> by reference; compare contents with SequenceEqual.</remarks>
public readonly record struct SpoolItem(byte Type, ReadOnlyMemory<byte> Body);
