using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.OpenPgp;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// Key ceremony run by the key-holding executable itself (`privsep-signerd ceremony
/// openpgp-key --config PATH --user-id UID`), so that no other program ever generates or
/// holds a CA secret: makes the CA's OpenPGP key and writes it to the configured file with mode
/// 0600. When the file already holds a key this is a rotation: the old key is kept as
/// <c>FILE.N</c> (the next free N, 0600), the new one is written beside it under a temporary
/// name, flushed, and renamed over FILE in one step, so FILE always holds one whole key. The
/// signer reads FILE at start: restart it to use the new key. Prints only fingerprints.
/// </summary>
internal static class OpenPgpKeyCeremony
{
    private const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Retired keys kept beside the current one; past this the operator must clean up first.</summary>
    private const int MaxVersions = 1000;

    public static int Run(string configPath, string userId)
    {
        var config = ConfigLoader.Load(configPath);
        var path = config.OpenPgpKeyFile ?? throw new ConfigurationException("openPgpKeyFile", "is not set");
        var key = OpenPgpCaKey.Generate(userId, DateTimeOffset.UtcNow);
        var secret = key.ExportSecretArmored();
        try
        {
            if (!File.Exists(path))
            {
                WriteNew(path, secret);
                Console.Out.WriteLine($"OpenPGP CA key {key.FingerprintHex} written to {path}");
                return 0;
            }

            var (retired, oldFingerprint) = KeepOldKey(path);
            var temporary = $"{path}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
            WriteNew(temporary, secret);
            File.Move(temporary, path, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            Console.Out.WriteLine($"OpenPGP CA key {key.FingerprintHex} written to {path}; the previous key {oldFingerprint} is kept as {retired}; restart privsep-signerd to use the new key");
            return 0;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Copies the current key to the next free FILE.N; returns that name and the old key's fingerprint.</summary>
    private static (string Path, string Fingerprint) KeepOldKey(string path)
    {
        var old = File.ReadAllBytes(path);
        try
        {
            // The old file must be a key: a rotation never buries something it cannot read.
            var fingerprint = OpenPgpCaKey.Load(old).FingerprintHex;
            for (var n = 1; n <= MaxVersions; n++)
            {
                var retired = $"{path}.{n}";
                if (!File.Exists(retired))
                {
                    WriteNew(retired, old);
                    return (retired, fingerprint);
                }
            }

            throw new IOException($"{path}: {MaxVersions} retired keys are kept already; move some away first");
        }
        catch (Exception e) when (e is Org.BouncyCastle.Bcpg.OpenPgp.PgpException)
        {
            throw new InvalidDataException($"{path}: exists but is not an OpenPGP secret key ring; not replaced", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(old);
        }
    }

    private static void WriteNew(string path, byte[] content)
    {
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = SecretMode });
        file.Write(content);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Makes the rename durable (rename(2) is durable only once its directory is synced).</summary>
    private static void SyncDirectory(string dir)
    {
        var fd = Mono.Unix.Native.Syscall.open(dir, Mono.Unix.Native.OpenFlags.O_RDONLY | Mono.Unix.Native.OpenFlags.O_DIRECTORY);
        if (fd < 0)
        {
            throw new IOException($"{dir}: cannot open to sync: {Mono.Unix.Native.Stdlib.GetLastError()}");
        }

        try
        {
            if (Mono.Unix.Native.Syscall.fsync(fd) != 0)
            {
                throw new IOException($"{dir}: fsync failed: {Mono.Unix.Native.Stdlib.GetLastError()}");
            }
        }
        finally
        {
            _ = Mono.Unix.Native.Syscall.close(fd);
        }
    }
}
