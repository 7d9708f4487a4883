using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Keys.Versions;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// The file openPgpKeyFile names (0600, the signer's): the CA's unprotected OpenPGP secret
/// key ring, or, when the key is on the PKCS#11 token, one <c>pkcs11:token=T;object=L</c>
/// line naming the token key followed by the armored public key ring (the public key packet
/// and the CA's self-certification), so that no private key material is in any file.
/// Written once, exclusively, by the key ceremony; read once at start.
/// </summary>
internal static class OpenPgpKeyFile
{
    public static OpenPgpCaKey? Load(string? path, KeyLoader keys)
    {
        if (path is null)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            if (TokenKeyReference.IsReference(bytes))
            {
                var newline = Array.IndexOf(bytes, (byte)'\n');
                if (newline < 0)
                {
                    throw new ConfigurationException("openPgpKeyFile", $"{path}: a token key line but no public key ring after it");
                }

                return OpenPgpCaKey.Open(bytes[(newline + 1)..], keys.OpenTokenKey(bytes.AsSpan(0, newline), path));
            }

            return OpenPgpCaKey.Load(bytes);
        }
        catch (Exception e) when (e is IOException or Org.BouncyCastle.Bcpg.OpenPgp.PgpException or InvalidOperationException or InvalidDataException or CryptographicException)
        {
            throw new ConfigurationException("openPgpKeyFile", $"{path}: not an unprotected OpenPGP secret key ring, nor a token key with its public key ring: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The contents for a key on the token: the reference line, then the public key ring.</summary>
    public static byte[] ForTokenKey(TokenKeyReference reference, OpenPgpCaKey key) =>
        [.. Encoding.ASCII.GetBytes(reference + "\n"), .. key.ExportPublicArmored()];

    /// <summary>Creates <paramref name="path"/> exclusively, 0600, in a 0700 directory made when missing (a fresh installation).</summary>
    public static void WriteNew(string path, byte[] contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Posix.Files.DurableFile.CreateNew(path, contents, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
