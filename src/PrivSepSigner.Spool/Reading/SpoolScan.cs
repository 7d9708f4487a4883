namespace PrivSepSigner.Spool.Reading;

/// <summary>
/// What <see cref="SpoolReader.Scan"/> found: names that can be entries, names that cannot
/// (for quarantine), and how many names the directory held in all.
/// </summary>
public sealed record SpoolScan(IReadOnlyList<string> Candidates, IReadOnlyList<string> Suspects, int Total);
