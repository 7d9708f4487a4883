using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Keys;
using PrivSepSigner.Keys.Pkcs11;
using PrivSepSigner.Keys.Versions;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// Turns one key version's key.pem into a signing key: a plain or encrypted PKCS#8 key, or a
/// pkcs11: URI naming a key on the installation's one token. The token (one PKCS#11 context,
/// in this process only) is opened at start when the config names one. Passphrases and the
/// PIN come from credential files and are zeroed after use.
/// </summary>
internal sealed class KeyLoader : IDisposable
{
    private const string EncryptedLabel = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

    private KeyLoader(Pkcs11Token? token) => Token = token;

    /// <summary>The open token, or null when every key is a file.</summary>
    public Pkcs11Token? Token { get; }

    public static KeyLoader Open(InstallationConfig config)
    {
        if (config.Pkcs11 is not { } p11)
        {
            return new KeyLoader(null);
        }

        try
        {
            return new KeyLoader(Pkcs11Token.Open(p11.Module, p11.TokenLabel, SystemdCredentials.PathOf(p11.PinFile)));
        }
        catch (Exception e) when (e is KeyUnavailableException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigurationException("pkcs11", e.Message, e);
        }
    }

    public ISigningKey Load(KeyVersionSnapshot snapshot, RootConfig root) =>
        Load(snapshot.KeyPem, $"{root.KeyDirectory}/versions/{snapshot.Version}/key.pem", root);

    /// <summary>Loads the key a key.pem's bytes hold or name; <paramref name="where"/> names the file in errors.</summary>
    public ISigningKey Load(ReadOnlySpan<byte> keyFile, string where, RootConfig root)
    {
        if (TokenKeyReference.IsReference(keyFile))
        {
            return OpenTokenKey(keyFile, where);
        }

        if (!keyFile.StartsWith(System.Text.Encoding.ASCII.GetBytes(EncryptedLabel)))
        {
            return Pkcs8KeyFile.FromPem(keyFile, where, passphrase: null);
        }

        if (root.PassphraseFile is null)
        {
            throw new InvalidDataException($"{where}: the key is encrypted but the root has no passphraseFile");
        }

        var passphrase = Credentials.ReadSecretFile(SystemdCredentials.PathOf(root.PassphraseFile));
        try
        {
            return Pkcs8KeyFile.FromPem(keyFile, where, passphrase);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }

    /// <summary>The token key a one-line <c>pkcs11:</c> reference names, on the config's token.</summary>
    public ISigningKey OpenTokenKey(ReadOnlySpan<byte> referenceLine, string where)
    {
        var reference = TokenKeyReference.Parse(referenceLine, where);
        if (Token is null || reference.Token != Token.TokenLabel)
        {
            throw new InvalidDataException($"{where}: names token \"{reference.Token}\", but the config's pkcs11 token is {(Token is null ? "not set" : $"\"{Token.TokenLabel}\"")}");
        }

        return Token.OpenKey(reference.Object);
    }

    public void Dispose() => Token?.Dispose();
}
