using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Logging.Format;

namespace PrivSepSigner.Logging.Chain;

/// <summary>
/// The sending half of the forward-secure MAC chain. Each sealed line carries
/// <c>[chain@32473 boot="B" seq="N" mac="M"]</c> as its first SD-ELEMENT; after each line
/// the key moves one step forward and the old key is erased, so whoever takes over the
/// process later cannot rewrite what was already sent (docs/audit-log.md).
/// Not thread-safe: the sink calls it under its lock, which also fixes the line order.
/// </summary>
public sealed class MacChain : IDisposable
{
    /// <summary>RFC 5424 6.3.2 SD-ID with the RFC 5612 documentation PEN.</summary>
    public const string SdId = "chain@" + Rfc5424Formatter.EnterpriseNumber;

    public const int BootIdLength = 16;

    private const int MaxKeyFileBytes = 4096;
    private static ReadOnlySpan<byte> MacPlaceholder => " mac=\"\"]"u8;

    private readonly byte[] key = new byte[ChainCrypto.KeyBytes];
    private bool disposed;

    public MacChain(ReadOnlySpan<byte> k0, string? bootId = null)
    {
        if (k0.Length != ChainCrypto.KeyBytes)
        {
            throw new ArgumentException($"The chain key must be {ChainCrypto.KeyBytes} bytes.", nameof(k0));
        }
        KeyId = ChainCrypto.KeyId(k0);
        BootId = bootId ?? NewBootId();
        if (!IsValidBootId(BootId))
        {
            throw new ArgumentException("A boot id is 16 lower-case hex digits.", nameof(bootId));
        }
        ChainCrypto.StartKey(k0, BootId, key);
    }

    /// <summary>Which k0 this chain starts from (<see cref="ChainCrypto.KeyId"/>); reveals nothing of the key.</summary>
    public string KeyId { get; }

    /// <summary>Random per process start, so a restart (which begins again from k0) is visible.</summary>
    public string BootId { get; }

    /// <summary>The sequence number the next sealed line will carry; starts at 0.</summary>
    public ulong NextSequence { get; private set; }

    public static string NewBootId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(BootIdLength / 2));

    public static bool IsValidBootId(string bootId) =>
        bootId.Length == BootIdLength && bootId.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>
    /// Reads k0 from a credential file: exactly 32 raw bytes, or 64 hex digits with optional
    /// surrounding whitespace (e.g. from <c>openssl rand -hex 32</c>). The caller zeroes the result.
    /// </summary>
    public static byte[] LoadKey(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[MaxKeyFileBytes + 1];
        try
        {
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length == ChainCrypto.KeyBytes)
            {
                return buffer[..length];
            }
            if (length <= MaxKeyFileBytes)
            {
                var text = buffer.AsSpan(0, length).Trim(" \t\r\n"u8);
                if (text.Length == ChainCrypto.KeyBytes * 2)
                {
                    var key = new byte[ChainCrypto.KeyBytes];
                    var status = Convert.FromHexString(Encoding.ASCII.GetString(text), key, out _, out var written);
                    if (status == System.Buffers.OperationStatus.Done && written == key.Length)
                    {
                        return key;
                    }
                    CryptographicOperations.ZeroMemory(key);
                }
            }
            throw new InvalidDataException($"{path}: a chain key file holds 32 raw bytes or 64 hex digits.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>The chain SD-ELEMENT for the next line, with the mac value still empty.</summary>
    public string Placeholder() => string.Create(CultureInfo.InvariantCulture,
        $"[{SdId} boot=\"{BootId}\" seq=\"{NextSequence}\" mac=\"\"]");

    /// <summary>
    /// Seals a line built with <see cref="Placeholder"/> as its first SD-ELEMENT: computes the
    /// MAC over the line as given (mac=""), inserts it, then steps and erases the key.
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> placeholderLine)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        // The header fields contain no space, so the first " mac=""]" is the chain element's.
        var at = placeholderLine.IndexOf(MacPlaceholder);
        if (at < 0)
        {
            throw new ArgumentException("The line has no chain placeholder.", nameof(placeholderLine));
        }
        Span<byte> mac = stackalloc byte[ChainCrypto.MacBytes];
        ChainCrypto.Mac(key, BootId, NextSequence, placeholderLine, mac);
        ChainCrypto.NextKey(key);
        NextSequence++;

        var insertAt = at + MacPlaceholder.Length - 2;
        var sealedLine = new byte[placeholderLine.Length + ChainCrypto.MacBytes * 2];
        placeholderLine[..insertAt].CopyTo(sealedLine);
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac), sealedLine.AsSpan(insertAt));
        placeholderLine[insertAt..].CopyTo(sealedLine.AsSpan(insertAt + ChainCrypto.MacBytes * 2));
        return sealedLine;
    }

    public void Dispose()
    {
        disposed = true;
        CryptographicOperations.ZeroMemory(key);
    }
}
