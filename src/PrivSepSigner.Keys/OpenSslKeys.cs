using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

/// <summary>Private keys as OpenSSL-backed .NET objects, whose one OpenSSL key object several instances can share.</summary>
internal static class OpenSslKeys
{
    /// <summary>
    /// <paramref name="rsa"/> itself if it is an <see cref="RSAOpenSsl"/>; otherwise (RSA.Create()
    /// returns a wrapper) the same key moved into one, the exported private key zeroed and the
    /// original disposed. The caller owns the result.
    /// </summary>
    public static RSAOpenSsl Adopt(RSA rsa) => Adopt<RSA, RSAOpenSsl>(rsa);

    /// <summary>As <see cref="Adopt(RSA)"/>, for ECDSA keys.</summary>
    public static ECDsaOpenSsl Adopt(ECDsa ecdsa) => Adopt<ECDsa, ECDsaOpenSsl>(ecdsa);

    private static TOpenSsl Adopt<TKey, TOpenSsl>(TKey key)
        where TKey : AsymmetricAlgorithm
        where TOpenSsl : TKey, new()
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key is TOpenSsl openssl)
        {
            return openssl;
        }

        var moved = new TOpenSsl();
        MoveInto(key, moved);
        return moved;
    }

    private static void MoveInto(AsymmetricAlgorithm from, AsymmetricAlgorithm to)
    {
        var pkcs8 = from.ExportPkcs8PrivateKey();
        try
        {
            to.ImportPkcs8PrivateKey(pkcs8, out _);
        }
        catch
        {
            to.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        from.Dispose();
    }
}
