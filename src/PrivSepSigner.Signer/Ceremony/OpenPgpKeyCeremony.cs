using PrivSepSigner.Posix.Files;
using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Keys.Pkcs11;
using PrivSepSigner.Keys.Versions;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// Key ceremony run by the key-holding executable itself (`privsep-signerd ceremony
/// openpgp-key --config PATH --user-id UID`), so that no other program ever generates or
/// holds a CA secret: makes the CA's OpenPGP key and writes the configured file with mode 0600
/// in a directory of its own (created 0700 when missing, as on a fresh installation). With a
/// pkcs11 section the key is generated on the token, like the roots' keys, and the file holds
/// only its name and the public key ring (<see cref="OpenPgpKeyFile"/>); otherwise it is the
/// secret key ring. When the file already holds a key this is a rotation: the old file is kept
/// as <c>FILE.N</c> (the next free N, 0600), the new one is written beside it under a temporary
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
        using var keys = KeyLoader.Open(config);

        // The old file must be a key: a rotation never buries something it cannot read.
        var old = File.Exists(path) ? Describe(path, keys) : null;

        byte[] contents;
        OpenPgpCaKey key;
        if (keys.Token is { } token)
        {
            var label = $"openpgp-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            key = OpenPgpCaKey.Create(token.GenerateKey(label, KeySpec.Rsa3072), userId, DateTimeOffset.UtcNow);
            contents = OpenPgpKeyFile.ForTokenKey(new TokenKeyReference(token.TokenLabel, label), key);
        }
        else
        {
            key = OpenPgpCaKey.Generate(userId, DateTimeOffset.UtcNow);
            contents = key.ExportSecretArmored();
        }

        using (key)
        {
            try
            {
                var where = key.HasSecretKeyRing ? "written" : "on token " + keys.Token!.TokenLabel + ", public key ring written";
                if (old is null)
                {
                    OpenPgpKeyFile.WriteNew(path, contents);
                    Console.Out.WriteLine($"OpenPGP CA key {key.FingerprintHex} {where} to {path}");
                    return 0;
                }

                var retired = KeepOldKey(path);
                DurableFile.Replace(path, contents, SecretMode);
                Console.Out.WriteLine($"OpenPGP CA key {key.FingerprintHex} {where} to {path}; the previous key {old} is kept as {retired}; restart privsep-signerd to use the new key");
                return 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(contents);
            }
        }
    }

    /// <summary>The fingerprint of the key the file holds now (a secret key ring or a token key reference).</summary>
    private static string Describe(string path, KeyLoader keys)
    {
        using var current = OpenPgpKeyFile.Load(path, keys)!;
        return current.FingerprintHex;
    }

    /// <summary>Copies the current file to the next free FILE.N and returns that name.</summary>
    private static string KeepOldKey(string path)
    {
        var old = File.ReadAllBytes(path);
        try
        {
            for (var n = 1; n <= MaxVersions; n++)
            {
                var retired = $"{path}.{n}";
                if (!File.Exists(retired))
                {
                    DurableFile.CreateNew(retired, old, SecretMode);
                    return retired;
                }
            }

            throw new IOException($"{path}: {MaxVersions} retired keys are kept already; move some away first");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(old);
        }
    }
}
