using System.Security.Cryptography;
using PrivSepSigner.Logging.Chain;

namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// One boot's key chain recomputed from one k0, with a checkpoint every
/// <see cref="CheckpointEvery"/> keys so a line out of order (a drop notice, a conflicting copy)
/// costs at most that many hash steps instead of a walk from 0.
/// </summary>
internal sealed class BootChain : IDisposable
{
    public const int CheckpointEvery = 64;

    private readonly Dictionary<ulong, byte[]> checkpoints = [];
    private readonly byte[] current = new byte[ChainCrypto.KeyBytes];
    private readonly byte[] scratchKey = new byte[ChainCrypto.KeyBytes];
    private readonly byte[] scratchMac = new byte[ChainCrypto.MacBytes];
    private readonly string bootId;
    private ulong currentSequence;

    public BootChain(AuditKey key, string bootId)
    {
        Key = key;
        this.bootId = bootId;
        ChainCrypto.StartKey(key.Bytes, bootId, current);
        checkpoints[0] = (byte[])current.Clone();
    }

    public AuditKey Key { get; }

    /// <summary>The highest key index reached so far (bounds how far a claimed seq may jump).</summary>
    public ulong Frontier => currentSequence;

    /// <summary>Whether the line's MAC is the one this chain gives its seq (constant-time compare).</summary>
    public bool Verifies(ParsedLine line)
    {
        KeyFor(line.Sequence, scratchKey);
        ChainCrypto.Mac(scratchKey, bootId, line.Sequence, line.MacInput, scratchMac);
        return CryptographicOperations.FixedTimeEquals(scratchMac, line.Mac);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(current);
        CryptographicOperations.ZeroMemory(scratchKey);
        foreach (var checkpoint in checkpoints.Values)
        {
            CryptographicOperations.ZeroMemory(checkpoint);
        }
    }

    private void KeyFor(ulong sequence, Span<byte> key)
    {
        if (sequence >= currentSequence)
        {
            while (currentSequence < sequence)
            {
                ChainCrypto.NextKey(current);
                currentSequence++;
                if (currentSequence % CheckpointEvery == 0)
                {
                    checkpoints[currentSequence] = (byte[])current.Clone();
                }
            }
            current.CopyTo(key);
            return;
        }
        var from = sequence - sequence % CheckpointEvery;
        checkpoints[from].CopyTo(key);
        for (var i = from; i < sequence; i++)
        {
            ChainCrypto.NextKey(key);
        }
    }
}
