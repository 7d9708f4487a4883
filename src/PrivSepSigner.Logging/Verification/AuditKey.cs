using System.Security.Cryptography;
using PrivSepSigner.Logging.Chain;

namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// One chain key (k0) the collector holds, and whose lines it may seal: one daemon's
/// (<see cref="DaemonNames.SignerKey"/> seals privsep-signerd and privsep-ceremony,
/// <see cref="DaemonNames.CommKey"/> privsep-comm), or, for an installation that still shares
/// one key between the daemons, everyone's. A daemon may have several (before and after a
/// rotation); each boot is verified with the one that opens it.
/// </summary>
public sealed class AuditKey : IDisposable
{
    private readonly byte[] k0;

    private AuditKey(string? owner, ReadOnlySpan<byte> k0)
    {
        if (k0.Length != ChainCrypto.KeyBytes)
        {
            throw new ArgumentException($"The chain key must be {ChainCrypto.KeyBytes} bytes.", nameof(k0));
        }

        if (owner is not (null or DaemonNames.SignerKey or DaemonNames.CommKey))
        {
            throw new ArgumentException($"A chain key belongs to \"{DaemonNames.SignerKey}\" or \"{DaemonNames.CommKey}\", not \"{owner}\".", nameof(owner));
        }

        this.k0 = k0.ToArray();
        Owner = owner;
        Id = ChainCrypto.KeyId(k0);
    }

    /// <summary><see cref="DaemonNames.SignerKey"/>, <see cref="DaemonNames.CommKey"/>, or null for a key every daemon shares.</summary>
    public string? Owner { get; }

    /// <summary>The key id the start lines of its boots carry (<see cref="ChainCrypto.KeyId"/>).</summary>
    public string Id { get; }

    /// <summary>"the signer key 0123...", "the shared key 0123...": for findings.</summary>
    public string Description => Owner is null ? $"the shared key {Id}" : $"the {Owner} key {Id}";

    internal ReadOnlySpan<byte> Bytes => k0;

    /// <summary>A key every daemon's lines may be sealed with (an installation from before per-daemon keys).</summary>
    public static AuditKey Shared(ReadOnlySpan<byte> k0) => new(null, k0);

    /// <summary>One daemon's key: <paramref name="owner"/> is <see cref="DaemonNames.SignerKey"/> or <see cref="DaemonNames.CommKey"/>.</summary>
    public static AuditKey For(string owner, ReadOnlySpan<byte> k0)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return new AuditKey(owner, k0);
    }

    /// <summary>Reads a key file (32 raw bytes or 64 hex digits); <paramref name="owner"/> as in <see cref="For"/>, or null for a shared key.</summary>
    public static AuditKey FromFile(string? owner, string path)
    {
        var key = MacChain.LoadKey(path);
        try
        {
            return new AuditKey(owner, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Whether a line of <paramref name="appName"/> may be sealed with this key.</summary>
    public bool MaySeal(string appName) => Owner is null || Owner == DaemonNames.ChainKeyOf(appName);

    public void Dispose() => CryptographicOperations.ZeroMemory(k0);
}
