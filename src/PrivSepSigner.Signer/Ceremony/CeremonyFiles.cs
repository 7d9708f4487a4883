namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// Modes of the files a ceremony writes; each is written new (never over an existing file)
/// with its exact mode and made durable by <see cref="Posix.Files.DurableFile.CreateNew"/>.
/// </summary>
internal static class CeremonyFiles
{
    /// <summary>0600: a key.</summary>
    public const UnixFileMode SecretFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: a request or a certificate.</summary>
    public const UnixFileMode PublicFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
