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
    public static RSAOpenSsl Adopt(RSA rsa)
    {
        if (rsa is RSAOpenSsl openssl)
        {
            return openssl;
        }

        var moved = new RSAOpenSsl();
        MoveInto(rsa, moved);
        return moved;
    }

    /// <summary>As <see cref="Adopt(RSA)"/>, for ECDSA keys.</summary>
    public static ECDsaOpenSsl Adopt(ECDsa ecdsa)
    {
        if (ecdsa is ECDsaOpenSsl openssl)
        {
            return openssl;
        }

        var moved = new ECDsaOpenSsl();
        MoveInto(ecdsa, moved);
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
