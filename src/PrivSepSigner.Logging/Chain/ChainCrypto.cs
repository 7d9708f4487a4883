using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PrivSepSigner.Logging.Chain;

/// <summary>
/// The three functions of the forward-secure MAC chain (Schneier and Kelsey, "Secure audit
/// logs to support computer forensics", 1999), shared by the signer and the verifier so
/// both compute exactly the same bytes. docs/audit-log.md is the specification.
/// </summary>
internal static class ChainCrypto
{
    public const int KeyBytes = 32;
    public const int MacBytes = 32;

    private static ReadOnlySpan<byte> StartLabel => "privsep-boot"u8;
    private static ReadOnlySpan<byte> StepLabel => "privsep-chain"u8;
    private static ReadOnlySpan<byte> KeyIdLabel => "privsep-key-id"u8;

    /// <summary>
    /// A name for k0 that reveals nothing of it: the first 8 bytes of SHA-256("privsep-key-id" || k0)
    /// in hex. Start lines carry it, so a collector can tell which of its keys a boot needs.
    /// </summary>
    public static string KeyId(ReadOnlySpan<byte> k0)
    {
        Span<byte> input = stackalloc byte[KeyIdLabel.Length + KeyBytes];
        Span<byte> hash = stackalloc byte[32];
        try
        {
            KeyIdLabel.CopyTo(input);
            k0.CopyTo(input[KeyIdLabel.Length..]);
            SHA256.HashData(input, hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>
    /// k(boot, 0) = HMAC-SHA256(k0, "privsep-boot" || boot). Every process start shares k0,
    /// so without this step two daemons would walk the same key sequence and a key stolen
    /// from one would forge the other's later messages.
    /// </summary>
    public static void StartKey(ReadOnlySpan<byte> k0, string bootId, Span<byte> key)
    {
        Span<byte> input = stackalloc byte[StartLabel.Length + bootId.Length];
        StartLabel.CopyTo(input);
        Encoding.ASCII.GetBytes(bootId, input[StartLabel.Length..]);
        HMACSHA256.HashData(k0, input, key);
    }

    /// <summary>k(i+1) = SHA-256("privsep-chain" || k(i)); one-way, so k(i) cannot be recovered.</summary>
    public static void NextKey(Span<byte> key)
    {
        Span<byte> input = stackalloc byte[StepLabel.Length + KeyBytes];
        try
        {
            StepLabel.CopyTo(input);
            key.CopyTo(input[StepLabel.Length..]);
            SHA256.HashData(input, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>MAC(i) = HMAC-SHA256(k(i), ASCII(boot) || uint64be(seq) || line-with-mac="").</summary>
    public static void Mac(ReadOnlySpan<byte> key, string bootId, ulong sequence, ReadOnlySpan<byte> placeholderLine, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> prefix = stackalloc byte[bootId.Length + 8];
        Encoding.ASCII.GetBytes(bootId, prefix);
        BinaryPrimitives.WriteUInt64BigEndian(prefix[bootId.Length..], sequence);
        hmac.AppendData(prefix);
        hmac.AppendData(placeholderLine);
        hmac.GetHashAndReset(mac);
    }
}
