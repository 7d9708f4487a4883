namespace PrivSepSigner.Keys.Versions;

/// <summary>ROOTDIR/current now names <see cref="CurrentVersion"/> (null: the link is missing or invalid).</summary>
public sealed class KeyVersionChangedEventArgs : EventArgs
{
    public KeyVersionChangedEventArgs(string? previousVersion, string? currentVersion)
    {
        PreviousVersion = previousVersion;
        CurrentVersion = currentVersion;
    }

    public string? PreviousVersion { get; }

    public string? CurrentVersion { get; }
}
