namespace PrivSepSigner.Spool;

/// <summary>
/// File modes of spool entries in both directions: 0640, so the peer reads through the
/// shared group and nobody else reads at all. Writers set it exactly; readers demand it.
/// </summary>
public static class SpoolModes
{
    public const int EntryFile = 0b110_100_000;
}
