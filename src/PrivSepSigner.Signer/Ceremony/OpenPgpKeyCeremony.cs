using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.OpenPgp;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// Key ceremony run by the key-holding executable itself (`privsep-signerd ceremony
/// openpgp-key --config PATH --user-id UID`), so that no other program ever generates or
/// holds a CA secret: makes the CA's OpenPGP key and writes it to the configured file,
/// created exclusively with mode 0600. Prints only the fingerprint.
/// </summary>
internal static class OpenPgpKeyCeremony
{
    public static int Run(string configPath, string userId)
    {
        var config = ConfigLoader.Load(configPath);
        var path = config.OpenPgpKeyFile ?? throw new ConfigurationException("openPgpKeyFile", "is not set");
        var key = OpenPgpCaKey.Generate(userId, DateTimeOffset.UtcNow);
        var secret = key.ExportSecretArmored();
        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            file.Write(secret);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }

        Console.Out.WriteLine($"OpenPGP CA key {key.FingerprintHex} written to {path}");
        return 0;
    }
}
