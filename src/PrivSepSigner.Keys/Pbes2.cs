using System.Formats.Asn1;
using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

/// <summary>
/// Decrypts a PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 3) protected with PBES2 (RFC 8018 6.2):
/// PBKDF2 (RFC 8018 5.2, A.2) with an HMAC-SHA PRF and AES-CBC (RFC 8018 B.2.5 / NIST OIDs).
/// Done here rather than through RSA/ECDsa.ImportEncryptedPkcs8PrivateKey so the algorithm is
/// known before choosing the key type, the iteration count is capped, and a wrong passphrase
/// is reported as such. Every key-derived buffer is zeroed.
/// </summary>
internal static class Pbes2
{
    /// <summary>A hostile file must not make the loader spin for hours.</summary>
    public const int MaxIterations = 10_000_000;

    private const string Pbes2Oid = "1.2.840.113549.1.5.13";  // RFC 8018 A.4
    private const string Pbkdf2Oid = "1.2.840.113549.1.5.12"; // RFC 8018 A.2

    public static byte[] Decrypt(string path, byte[] encryptedPrivateKeyInfo, byte[] passphrase)
    {
        Parameters p;
        try
        {
            p = Parse(encryptedPrivateKeyInfo);
        }
        catch (AsnContentException e)
        {
            throw new InvalidDataException($"{path}: not a PKCS#8 EncryptedPrivateKeyInfo structure", e);
        }

        if (p.Error is not null)
        {
            throw new CryptographicException($"{path}: {p.Error}");
        }

        var key = new byte[p.KeyLength];
        byte[]? plain = null;
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(passphrase, p.Salt, key, p.Iterations, p.Prf);
            using var aes = Aes.Create();
            aes.Key = key;
            plain = aes.DecryptCbc(p.Ciphertext, p.Iv, PaddingMode.PKCS7);
            RequirePrivateKeyInfoShape(plain);
            var result = plain;
            plain = null;
            return result;
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"{path}: the passphrase does not decrypt the key (wrong passphrase, or a damaged key file)", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (plain is not null)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
    }

    /// <summary>
    /// CBC padding alone lets about 1 in 256 wrong passphrases through; a plaintext that is not
    /// one DER SEQUENCE filling the buffer is the same "wrong passphrase" failure.
    /// </summary>
    private static void RequirePrivateKeyInfoShape(byte[] plain)
    {
        try
        {
            var reader = new AsnReader(plain, AsnEncodingRules.BER);
            _ = reader.ReadEncodedValue();
            if (reader.HasData)
            {
                throw new CryptographicException("trailing data after the decrypted PrivateKeyInfo");
            }
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("decrypted data is not a PrivateKeyInfo", e);
        }
    }

    private static Parameters Parse(byte[] der)
    {
        // RFC 5958 3: EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var info = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var algorithm = info.ReadSequence();
        var ciphertext = info.ReadOctetString();
        info.ThrowIfNotEmpty();

        var schemeOid = algorithm.ReadObjectIdentifier();
        if (schemeOid != Pbes2Oid)
        {
            return Parameters.Failed($"encryption scheme {schemeOid} is not PBES2; re-encrypt with `openssl pkcs8 -topk8 -v2 aes-256-cbc`");
        }

        // RFC 8018 A.4: PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }
        var pbes2 = algorithm.ReadSequence();
        algorithm.ThrowIfNotEmpty();
        var kdf = pbes2.ReadSequence();
        var enc = pbes2.ReadSequence();
        pbes2.ThrowIfNotEmpty();

        var kdfOid = kdf.ReadObjectIdentifier();
        if (kdfOid != Pbkdf2Oid)
        {
            return Parameters.Failed($"key derivation {kdfOid} is not PBKDF2");
        }

        // RFC 8018 A.2: PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
        //   keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }
        var kdfParams = kdf.ReadSequence();
        kdf.ThrowIfNotEmpty();
        var salt = kdfParams.ReadOctetString();
        if (!kdfParams.TryReadInt32(out var iterations) || iterations < 1 || iterations > MaxIterations)
        {
            return Parameters.Failed($"PBKDF2 iteration count outside 1..{MaxIterations}");
        }

        int? keyLength = null;
        if (kdfParams.HasData && kdfParams.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            if (!kdfParams.TryReadInt32(out var declared))
            {
                return Parameters.Failed("PBKDF2 key length out of range");
            }

            keyLength = declared;
        }

        var prf = HashAlgorithmName.SHA1;
        if (kdfParams.HasData)
        {
            var prfSeq = kdfParams.ReadSequence();
            var prfOid = prfSeq.ReadObjectIdentifier();
            if (prfSeq.HasData)
            {
                prfSeq.ReadNull();
            }

            prfSeq.ThrowIfNotEmpty();
            HashAlgorithmName? named = prfOid switch
            {
                "1.2.840.113549.2.7" => HashAlgorithmName.SHA1,    // RFC 8018 B.1.1
                "1.2.840.113549.2.9" => HashAlgorithmName.SHA256,  // RFC 8018 B.1.2
                "1.2.840.113549.2.10" => HashAlgorithmName.SHA384,
                "1.2.840.113549.2.11" => HashAlgorithmName.SHA512,
                _ => null,
            };
            if (named is null)
            {
                return Parameters.Failed($"PBKDF2 PRF {prfOid} is not supported (HMAC-SHA1/256/384/512)");
            }

            prf = named.Value;
        }

        kdfParams.ThrowIfNotEmpty();

        // RFC 8018 B.2.5 / NIST CSOR: aesNN-CBC with the IV as an OCTET STRING parameter.
        var encOid = enc.ReadObjectIdentifier();
        int? aesKeyBytes = encOid switch
        {
            "2.16.840.1.101.3.4.1.2" => 16,
            "2.16.840.1.101.3.4.1.22" => 24,
            "2.16.840.1.101.3.4.1.42" => 32,
            _ => null,
        };
        if (aesKeyBytes is null)
        {
            return Parameters.Failed($"encryption algorithm {encOid} is not supported (AES-128/192/256-CBC)");
        }

        var iv = enc.ReadOctetString();
        enc.ThrowIfNotEmpty();
        if (iv.Length != 16)
        {
            return Parameters.Failed("AES-CBC IV is not 16 bytes");
        }

        if (keyLength is not null && keyLength != aesKeyBytes)
        {
            return Parameters.Failed("PBKDF2 key length does not match the AES key size");
        }

        if (ciphertext.Length == 0 || ciphertext.Length % 16 != 0)
        {
            return Parameters.Failed("encrypted data is not a whole number of AES blocks");
        }

        return new Parameters(null, salt, iterations, prf, aesKeyBytes.Value, iv, ciphertext);
    }

    private sealed record Parameters(string? Error, byte[] Salt, int Iterations, HashAlgorithmName Prf, int KeyLength, byte[] Iv, byte[] Ciphertext)
    {
        public static Parameters Failed(string error) => new(error, [], 0, default, 0, [], []);
    }
}
