using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace PrivSepSigner.Keys;

/// <summary>
/// The file key backend: loads an unencrypted PKCS#8 PEM key (RFC 5208 5, RFC 7468 10
/// "PRIVATE KEY") holding an RSA or NIST-curve EC key. The file is trusted to be the
/// operator's key but is still parsed defensively: size capped before reading, one PEM
/// block, known algorithm OID, no trailing bytes. Error messages name the file, never key
/// bytes; every buffer that held key material is zeroed before returning.
/// </summary>
public static partial class Pkcs8KeyFile
{
    /// <summary>Largest key file read; an RSA-16384 PKCS#8 PEM is about 12 KiB.</summary>
    public const int MaxFileBytes = 64 * 1024;

    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1"; // RFC 8017 A.1
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";      // RFC 5480 2.1.1

    public static ISigningKey Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return LoadCore(Path.GetFullPath(path), passphrase: null);
    }

    /// <summary>
    /// Reads the one PEM block of <paramref name="path"/>; "PRIVATE KEY" when
    /// <paramref name="passphrase"/> is null, "ENCRYPTED PRIVATE KEY" (RFC 5958 3, PBES2)
    /// otherwise. The passphrase is the caller's to zero.
    /// </summary>
    private static ISigningKey LoadCore(string path, byte[]? passphrase)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            throw new InvalidDataException($"{path}: key file larger than {MaxFileBytes} bytes");
        }

        byte[] raw = File.ReadAllBytes(path);
        try
        {
            return FromPem(raw, path, passphrase);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>
    /// Loads a key from PEM bytes already read (a <c>KeyVersionSnapshot</c>); <paramref name="where"/>
    /// names their origin in errors. "PRIVATE KEY" when <paramref name="passphrase"/> is null,
    /// "ENCRYPTED PRIVATE KEY" otherwise. The caller zeroes <paramref name="raw"/> and the passphrase.
    /// </summary>
    public static ISigningKey FromPem(ReadOnlySpan<byte> raw, string where, byte[]? passphrase)
    {
        var path = where;
        char[]? text = null;
        byte[]? der = null;
        try
        {
            if (raw.Length > MaxFileBytes)
            {
                throw new InvalidDataException($"{path}: key file larger than {MaxFileBytes} bytes");
            }

            // PEM is ASCII (RFC 7468 3); decoding into a char[] we own lets us zero it, which
            // a string would not allow.
            text = new char[raw.Length];
            Encoding.ASCII.GetChars(raw, text);
            if (!PemEncoding.TryFind(text, out var fields))
            {
                throw new InvalidDataException($"{path}: no PEM block found (expected \"-----BEGIN PRIVATE KEY-----\")");
            }

            var label = new string(text.AsSpan(fields.Label));
            var expected = passphrase is null ? "PRIVATE KEY" : "ENCRYPTED PRIVATE KEY";
            if (label != expected)
            {
                var hint = label switch
                {
                    "ENCRYPTED PRIVATE KEY" => "encrypted keys are loaded only with Pkcs8KeyFile.LoadEncrypted and a passphrase credential file",
                    "PRIVATE KEY" => "the key is not encrypted; load it with Pkcs8KeyFile.Load",
                    _ => $"expected a PKCS#8 \"{expected}\" block",
                };
                throw new InvalidDataException($"{path}: PEM block \"{label}\": {hint}");
            }

            der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(text.AsSpan(fields.Base64Data), der, out var written) || written != der.Length)
            {
                throw new InvalidDataException($"{path}: PEM base64 data is malformed");
            }

            if (passphrase is null)
            {
                return Import(path, der);
            }

            var plain = Pbes2.Decrypt(path, der, passphrase);
            try
            {
                return Import(path, plain);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
        finally
        {
            if (text is not null)
            {
                Array.Clear(text);
            }

            if (der is not null)
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
    }

    private static ISigningKey Import(string path, byte[] der)
    {
        var oid = ReadAlgorithmOid(path, der);
        switch (oid)
        {
            case RsaEncryptionOid:
                return ImportInto(path, der, new RSAOpenSsl(), "RSA", rsa => new RsaSigningKey(rsa));

            case EcPublicKeyOid:
                return ImportInto(path, der, new ECDsaOpenSsl(), "EC", ecdsa => new EcdsaSigningKey(ecdsa));

            default:
                throw new CryptographicException($"{path}: unsupported key algorithm {oid}; only RSA and EC (P-256, P-384, P-521) keys are supported");
        }
    }

    /// <summary>RFC 5208 5: PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, ... }.</summary>
    private static string ReadAlgorithmOid(string path, byte[] der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.BER);
            var info = outer.ReadSequence();
            _ = info.ReadInteger();
            var algorithm = info.ReadSequence();
            return algorithm.ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new InvalidDataException($"{path}: not a PKCS#8 PrivateKeyInfo structure", e);
        }
    }

    /// <summary>Imports the whole PKCS#8 structure into <paramref name="key"/>; on any failure the key (and any secret it holds) is disposed.</summary>
    private static ISigningKey ImportInto<T>(string path, byte[] der, T key, string kind, Func<T, ISigningKey> wrap)
        where T : AsymmetricAlgorithm
    {
        var imported = false;
        try
        {
            key.ImportPkcs8PrivateKey(der, out var read);
            RequireWhole(path, read, der.Length);
            var signingKey = wrap(key);
            imported = true;
            return signingKey;
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"{path}: {kind} key rejected: {e.Message}", e);
        }
        finally
        {
            if (!imported)
            {
                key.Dispose();
            }
        }
    }

    private static void RequireWhole(string path, int read, int length)
    {
        if (read != length)
        {
            throw new InvalidDataException($"{path}: trailing data after the PKCS#8 structure");
        }
    }
}
