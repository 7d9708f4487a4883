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
/// holds a CA secret: makes the CA's OpenPGP key and writes the configured file, created
/// exclusively with mode 0600 in a directory of its own (created 0700 when missing, as on a
/// fresh installation). With a pkcs11 section the key is generated on the token, like the
/// roots' keys, and the file holds only its name and the public key ring
/// (<see cref="OpenPgpKeyFile"/>); otherwise it is the secret key ring. Prints only the fingerprint.
/// </summary>
internal static class OpenPgpKeyCeremony
{
    public static int Run(string configPath, string userId)
    {
        var config = ConfigLoader.Load(configPath);
        var path = config.OpenPgpKeyFile ?? throw new ConfigurationException("openPgpKeyFile", "is not set");
        if (File.Exists(path))
        {
            throw new IOException($"{path} exists: the CA has an OpenPGP key already");
        }

        using var keys = KeyLoader.Open(config);
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
                OpenPgpKeyFile.WriteNew(path, contents);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(contents);
            }

            Console.Out.WriteLine($"OpenPGP CA key {key.FingerprintHex} {(key.HasSecretKeyRing ? "written" : "on token " + keys.Token!.TokenLabel + ", public key ring written")} to {path}");
        }

        return 0;
    }
}
