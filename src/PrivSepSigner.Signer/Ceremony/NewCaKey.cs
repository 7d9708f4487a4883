using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Configuration;
using PrivSepSigner.Keys;
using PrivSepSigner.Keys.Pkcs11;
using PrivSepSigner.Keys.Versions;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// A freshly generated CA key and the bytes that go into its version's key.pem: with a token
/// configured, the key is generated on the token (never extractable) and key.pem is its
/// pkcs11: URI; otherwise a PKCS#8 key, encrypted (PBES2, AES-256-CBC, PBKDF2-SHA256) when the
/// root has a passphrase file. Dispose zeroes the key file bytes.
/// </summary>
internal sealed class NewCaKey : IDisposable
{
    private const int Pbkdf2Iterations = 600_000;

    private NewCaKey(ISigningKey key, byte[] keyFile)
    {
        Key = key;
        KeyFile = keyFile;
    }

    public ISigningKey Key { get; }

    public byte[] KeyFile { get; }

    public static NewCaKey Generate(KeySpec spec, RootConfig root, KeyLoader keys)
    {
        if (keys.Token is { } token)
        {
            var label = $"{root.Name}-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            var key = token.GenerateKey(label, spec);
            return new NewCaKey(key, Encoding.ASCII.GetBytes(new TokenKeyReference(token.TokenLabel, label) + "\n"));
        }

        var algorithm = KeyAlgorithms.Create(spec);
        ISigningKey signingKey = algorithm switch
        {
            RSA rsa => new RsaSigningKey(rsa),
            ECDsa ec => new EcdsaSigningKey(ec),
            _ => throw new InvalidOperationException("unsupported key"),
        };

        char[] pem;
        if (root.PassphraseFile is null)
        {
            var der = algorithm.ExportPkcs8PrivateKey();
            try
            {
                pem = PemEncoding.Write("PRIVATE KEY", der);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
        else
        {
            var passphrase = Credentials.ReadSecretFile(SystemdCredentials.PathOf(root.PassphraseFile));
            try
            {
                pem = algorithm.ExportEncryptedPkcs8PrivateKeyPem(passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations)).ToCharArray();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passphrase);
            }
        }

        try
        {
            var bytes = new byte[pem.Length + 1];
            Encoding.ASCII.GetBytes(pem, bytes);
            bytes[^1] = (byte)'\n';
            return new NewCaKey(signingKey, bytes);
        }
        finally
        {
            Array.Clear(pem);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(KeyFile);
        Key.Dispose();
    }
}
