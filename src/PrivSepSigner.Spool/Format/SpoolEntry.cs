namespace PrivSepSigner.Spool.Format;

/// <summary>
/// One spool file: its name, the writer's clock when written (millisecond precision on disk),
/// and 0..<see cref="SpoolLimits.MaxItems"/> messages.
/// </summary>
/// <remarks><see cref="Written"/> is the writer's claim; a reader must not trust it for anything but diagnostics.</remarks>
public sealed record SpoolEntry(string Id, DateTimeOffset Written, IReadOnlyList<SpoolItem> Items);
