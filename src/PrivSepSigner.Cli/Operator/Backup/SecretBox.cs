using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>
/// How a backup holds a secret file (a CA key, the OpenPGP secret key, the audit chain key):
/// AES-256-GCM under a key derived from the operator's passphrase with PBKDF2-HMAC-SHA256
/// (600,000 iterations, NIST SP 800-132; OWASP 2023), a fresh salt and nonce per file, and the
/// file's path in the backup as associated data, so a file cannot be swapped for another.
/// Layout: "PSSBK1" | salt (16) | iterations (4, big-endian) | nonce (12) | tag (16) | ciphertext.
/// The CLI never parses what it encrypts: key files are opaque bytes here.
/// </summary>
internal static class SecretBox
{
    private const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HeaderBytes = 6 + SaltBytes + 4 + 12 + 16;
    private static readonly byte[] Magic = "PSSBK1"u8.ToArray();

    public static byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> passphrase, string path)
    {
        var sealedBytes = new byte[HeaderBytes + plaintext.Length];
        var salt = sealedBytes.AsSpan(6, SaltBytes);
        Magic.CopyTo(sealedBytes, 0);
        RandomNumberGenerator.Fill(salt);
        BinaryPrimitives.WriteInt32BigEndian(sealedBytes.AsSpan(6 + SaltBytes, 4), Iterations);
        var nonce = sealedBytes.AsSpan(6 + SaltBytes + 4, 12);
        RandomNumberGenerator.Fill(nonce);
        var key = Derive(passphrase, salt, Iterations);
        try
        {
            using var gcm = new AesGcm(key, 16);
            gcm.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(HeaderBytes - 16, 16), Encoding.UTF8.GetBytes(path));
            return sealedBytes;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The plaintext; <see cref="InvalidDataException"/> for a wrong passphrase or a damaged file.</summary>
    public static byte[] Open(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> passphrase, string path)
    {
        if (sealedBytes.Length < HeaderBytes || !sealedBytes[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not an encrypted backup file");
        }

        var iterations = BinaryPrimitives.ReadInt32BigEndian(sealedBytes.Slice(6 + SaltBytes, 4));
        if (iterations is < 100_000 or > 10_000_000)
        {
            throw new InvalidDataException($"{path}: implausible key derivation cost {iterations}");
        }

        var key = Derive(passphrase, sealedBytes.Slice(6, SaltBytes), iterations);
        var plaintext = new byte[sealedBytes.Length - HeaderBytes];
        try
        {
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(sealedBytes.Slice(6 + SaltBytes + 4, 12), sealedBytes[HeaderBytes..], sealedBytes.Slice(HeaderBytes - 16, 16), plaintext, Encoding.UTF8.GetBytes(path));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"{path}: wrong passphrase, or the file was changed", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Derive(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);
}
