namespace PrivSepSigner.Signer.Ceremony;

/// <summary>Files a ceremony writes: always new (never over an existing file), with their mode from the start, flushed to disk.</summary>
internal static class CeremonyFiles
{
    /// <summary>0600: a key.</summary>
    public const UnixFileMode SecretFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: a request or a certificate.</summary>
    public const UnixFileMode PublicFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void WriteNew(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        file.Write(content);
        file.Flush(flushToDisk: true);
    }
}
