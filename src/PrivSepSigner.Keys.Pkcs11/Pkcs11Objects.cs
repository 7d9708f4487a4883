using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// Finds key objects by label and rebuilds the SubjectPublicKeyInfo from the token's public
/// attributes (PKCS#11 v2.40 2.1.2 RSA, 2.3.3 EC): from the public key object with the same
/// CKA_ID, else a certificate with that CKA_ID, else the RSA private key's public attributes.
/// </summary>
internal static class Pkcs11Objects
{
    public static IObjectHandle FindPrivateKey(ISession session, Pkcs11InteropFactories factories, string label, string where)
    {
        var found = session.FindAllObjects(
        [
            factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
        ]);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new CryptographicException($"{where}: no private key labelled \"{label}\""),
            _ => throw new CryptographicException($"{where}: {found.Count} private keys labelled \"{label}\"; labels must be unique"),
        };
    }

    public static bool Exists(ISession session, Pkcs11InteropFactories factories, string label) =>
        session.FindAllObjects([factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)]).Count > 0;

    /// <summary>The key's type, key size or curve, and DER SubjectPublicKeyInfo.</summary>
    public static (SignatureAlgorithm Algorithm, string Description, byte[] Spki) ReadPublicKey(
        ISession session, Pkcs11InteropFactories factories, IObjectHandle privateKey, string label, string where)
    {
        var attrs = session.GetAttributeValue(privateKey, [CKA.CKA_KEY_TYPE, CKA.CKA_ID]);
        var keyType = (CKK)attrs[0].GetValueAsUlong();
        var id = attrs[1].CannotBeRead ? null : attrs[1].GetValueAsByteArray();
        var match = id is { Length: > 0 }
            ? factories.ObjectAttributeFactory.Create(CKA.CKA_ID, id)
            : factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label);

        var publicKeys = session.FindAllObjects([factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), match]);
        byte[] spki;
        if (publicKeys.Count == 1)
        {
            spki = keyType switch
            {
                CKK.CKK_RSA => RsaSpki(session, publicKeys[0], where),
                CKK.CKK_EC => EcSpki(session, publicKeys[0], where),
                _ => throw new CryptographicException($"{where}: key \"{label}\" has unsupported type {keyType}; only RSA and EC are supported"),
            };
        }
        else
        {
            var certificates = session.FindAllObjects([factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), match]);
            if (certificates.Count == 1)
            {
                var der = session.GetAttributeValue(certificates[0], [CKA.CKA_VALUE])[0].GetValueAsByteArray();
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            }
            else if (keyType == CKK.CKK_RSA)
            {
                spki = RsaSpki(session, privateKey, where);
            }
            else
            {
                throw new CryptographicException($"{where}: key \"{label}\" has no single matching public key or certificate object to take the public key from");
            }
        }

        return Describe(spki, label, where);
    }

    private static byte[] RsaSpki(ISession session, IObjectHandle handle, string where)
    {
        var values = session.GetAttributeValue(handle, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
        if (values[0].CannotBeRead || values[1].CannotBeRead)
        {
            throw new CryptographicException($"{where}: RSA modulus or public exponent not readable");
        }

        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = values[0].GetValueAsByteArray(), Exponent = values[1].GetValueAsByteArray() });
        return rsa.ExportSubjectPublicKeyInfo();
    }

    private static byte[] EcSpki(ISession session, IObjectHandle handle, string where)
    {
        var values = session.GetAttributeValue(handle, [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]);
        if (values[0].CannotBeRead || values[1].CannotBeRead)
        {
            throw new CryptographicException($"{where}: EC parameters or point not readable");
        }

        string oid;
        try
        {
            // PKCS#11 v2.40 2.3.3: CKA_EC_PARAMS is DER ECParameters; only namedCurve (RFC 5480 2.1.1) is accepted.
            var reader = new AsnReader(values[0].GetValueAsByteArray(), AsnEncodingRules.DER);
            oid = reader.ReadObjectIdentifier();
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException($"{where}: CKA_EC_PARAMS is not a named curve", e);
        }

        var fieldBytes = EcdsaSigningKey.CurveName(oid) switch
        {
            "P-256" => 32,
            "P-384" => 48,
            "P-521" => 66,
            _ => throw new CryptographicException($"{where}: curve {oid} is not supported (P-256, P-384, P-521)"),
        };

        var point = UnwrapPoint(values[1].GetValueAsByteArray(), fieldBytes, where);
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromValue(oid),
            Q = new ECPoint { X = point[1..(1 + fieldBytes)], Y = point[(1 + fieldBytes)..] },
        });
        return ecdsa.ExportSubjectPublicKeyInfo();
    }

    /// <summary>
    /// PKCS#11 v2.40 2.3.3: CKA_EC_POINT is the DER OCTET STRING of the uncompressed point
    /// 04||X||Y (SEC 1 2.3.3). Some modules return the bare point; both are accepted, told
    /// apart by length, since the bare point also starts with 0x04.
    /// </summary>
    private static byte[] UnwrapPoint(byte[] value, int fieldBytes, string where)
    {
        var bare = 1 + (2 * fieldBytes);
        byte[] point = value;
        if (value.Length != bare)
        {
            try
            {
                var reader = new AsnReader(value, AsnEncodingRules.DER);
                point = reader.ReadOctetString();
                reader.ThrowIfNotEmpty();
            }
            catch (AsnContentException e)
            {
                throw new CryptographicException($"{where}: CKA_EC_POINT is not a DER OCTET STRING", e);
            }
        }

        if (point.Length != bare || point[0] != 0x04)
        {
            throw new CryptographicException($"{where}: CKA_EC_POINT is not an uncompressed point of the curve");
        }

        return point;
    }

    private static (SignatureAlgorithm, string, byte[]) Describe(byte[] spki, string label, string where)
    {
        using (var rsa = RSA.Create())
        {
            try
            {
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                if (rsa.KeySize < RsaSigningKey.MinimumBits)
                {
                    throw new CryptographicException($"{where}: RSA key \"{label}\" of {rsa.KeySize} bits is too small; at least {RsaSigningKey.MinimumBits} are required");
                }

                return (SignatureAlgorithm.RsaPkcs1Sha256, $"RSA-{rsa.KeySize}", spki);
            }
            catch (CryptographicException) when (!IsRsa(spki))
            {
                // Not RSA: fall through to EC.
            }
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
        return ecdsa.KeySize switch
        {
            256 => (SignatureAlgorithm.EcdsaSha256, "EC-P256", spki),
            384 => (SignatureAlgorithm.EcdsaSha384, "EC-P384", spki),
            521 => (SignatureAlgorithm.EcdsaSha512, "EC-P521", spki),
            _ => throw new CryptographicException($"{where}: EC key \"{label}\" of {ecdsa.KeySize} bits is not supported"),
        };
    }

    private static bool IsRsa(byte[] spki)
    {
        // RFC 5280 4.1.2.7: SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, ... }
        var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        return reader.ReadObjectIdentifier() == "1.2.840.113549.1.1.1";
    }
}
