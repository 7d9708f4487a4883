using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Keys.Pkcs11;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>The CA key types a ceremony may create, by the names the CLI accepts.</summary>
internal static class KeyAlgorithms
{
    public static readonly IReadOnlyList<string> Names = ["rsa-2048", "rsa-3072", "rsa-4096", "p-256", "p-384"];

    public static KeySpec Parse(string name) => name switch
    {
        "rsa-2048" => KeySpec.Rsa2048,
        "rsa-3072" => KeySpec.Rsa3072,
        "rsa-4096" => KeySpec.Rsa4096,
        "p-256" => KeySpec.EcP256,
        "p-384" => KeySpec.EcP384,
        _ => throw new ArgumentException($"--algorithm must be one of {string.Join(", ", Names)}"),
    };

    /// <summary>The key type of an existing CA certificate, so a rekey keeps it.</summary>
    public static KeySpec Of(X509Certificate2 cert)
    {
        using var rsa = cert.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize switch
            {
                2048 => KeySpec.Rsa2048,
                3072 => KeySpec.Rsa3072,
                4096 => KeySpec.Rsa4096,
                _ => throw new ArgumentException($"the current key is RSA-{rsa.KeySize}; give --algorithm"),
            };
        }

        using var ec = cert.GetECDsaPublicKey() ?? throw new ArgumentException("the current key is neither RSA nor ECDSA; give --algorithm");
        return ec.KeySize switch
        {
            256 => KeySpec.EcP256,
            384 => KeySpec.EcP384,
            _ => throw new ArgumentException($"the current key is EC-{ec.KeySize}; give --algorithm"),
        };
    }

    /// <summary>A new in-memory key of the type (for key files).</summary>
    public static AsymmetricAlgorithm Create(KeySpec spec) => spec switch
    {
        KeySpec.Rsa2048 => new RSAOpenSsl(2048),
        KeySpec.Rsa3072 => new RSAOpenSsl(3072),
        KeySpec.Rsa4096 => new RSAOpenSsl(4096),
        KeySpec.EcP256 => new ECDsaOpenSsl(ECCurve.NamedCurves.nistP256),
        KeySpec.EcP384 => new ECDsaOpenSsl(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };
}
