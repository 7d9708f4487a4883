using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

public static partial class Pkcs8KeyFile
{
    /// <summary>
    /// Loads an "ENCRYPTED PRIVATE KEY" PEM (RFC 5958 3, PBES2 of RFC 8018 6.2 with PBKDF2 and
    /// AES-CBC) whose passphrase is the content of <paramref name="passphraseFile"/>, normally
    /// <c>SystemdCredentials.Resolve("key-passphrase")</c>. The passphrase is accepted from that file
    /// only, and its bytes are zeroed as soon as the key is imported. A wrong passphrase gives a
    /// <see cref="CryptographicException"/> naming the files, never the passphrase.
    /// </summary>
    public static ISigningKey LoadEncrypted(string path, string passphraseFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(passphraseFile);
        var passphrase = Credentials.ReadSecretFile(passphraseFile);
        try
        {
            return LoadCore(Path.GetFullPath(path), passphrase);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }
}
