using System.Security.Cryptography;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Keys;

/// <summary>
/// Secrets (key passphrases, token PINs) reach the signer only as systemd credentials
/// (LoadCredential= / LoadCredentialEncrypted=): files under $CREDENTIALS_DIRECTORY, a
/// private ramfs that only the service can read (Configuration's SystemdCredentials says
/// which file). There is deliberately no way to pass a secret on the command line, in an
/// environment variable or in a config file.
/// SECURITY: secret bytes never appear in exception messages; callers zero them after use.
/// </summary>
public static class Credentials
{
    /// <summary>Largest secret file read; a passphrase or PIN is far smaller.</summary>
    public const int MaxSecretBytes = 4096;

    /// <summary>
    /// Reads a secret from a credential file: a regular file (no symlink, FIFO or terminal:
    /// a secret is not typed in or piped), not writable by group or others, not readable by
    /// others, at most <see cref="MaxSecretBytes"/>. One trailing "\n" (or "\r\n") is stripped, as
    /// <c>echo</c> and editors add it. The caller owns the result and must zero it
    /// (<see cref="CryptographicOperations.ZeroMemory"/>) in a finally block.
    /// </summary>
    public static byte[] ReadSecretFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var what = $"secret file {full}";
        using var fd = SafeFd.OpenAt(Libc.AT_FDCWD, full, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY, 0, what);
        var st = FileStatus.Of(fd, what);
        if (st.Kind != FileKind.Regular)
        {
            throw new InvalidDataException($"{what}: not a regular file; secrets are read only from credential files");
        }

        if ((st.Permissions & 0b000_010_111) != 0)
        {
            throw new InvalidDataException($"{what}: mode {Convert.ToString(st.Permissions, 8)} lets others read or write it; expected 0400, 0440, 0600 or 0640");
        }

        var raw = DurableFile.ReadAll(fd, MaxSecretBytes, what);
        try
        {
            var length = raw.Length;
            if (length > 0 && raw[length - 1] == (byte)'\n')
            {
                length--;
                if (length > 0 && raw[length - 1] == (byte)'\r')
                {
                    length--;
                }
            }

            if (length == 0)
            {
                throw new InvalidDataException($"{what}: empty secret");
            }

            return raw.AsSpan(0, length).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }
}
