using System.Security.Cryptography;
using PrivSepSigner.Logging.Chain;

namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// The verifier's state for one boot id: the key chain recomputed from k0, with a
/// checkpoint every <see cref="CheckpointEvery"/> keys so an out-of-order line (a drop
/// notice, a duplicate) costs at most that many hash steps instead of a walk from 0.
/// </summary>
internal sealed class BootChain : IDisposable
{
    public const int CheckpointEvery = 1024;

    private readonly Dictionary<ulong, byte[]> checkpoints = [];
    private readonly byte[] current = new byte[ChainCrypto.KeyBytes];
    private ulong currentSequence;

    public BootChain(ReadOnlySpan<byte> k0, string bootId, long firstLine)
    {
        BootId = bootId;
        FirstLine = firstLine;
        ChainCrypto.StartKey(k0, bootId, current);
        checkpoints[0] = (byte[])current.Clone();
    }

    public string BootId { get; }

    public long FirstLine { get; }

    public SequenceSet Seen { get; } = new();

    public List<(ulong First, ulong Last, long Count)> DropNotices { get; } = [];

    public string? LastMsgId { get; set; }

    /// <summary>The highest key index reached so far (bounds how far a claimed seq may jump).</summary>
    public ulong Frontier => currentSequence;

    public void KeyFor(ulong sequence, Span<byte> key)
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

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(current);
        foreach (var checkpoint in checkpoints.Values)
        {
            CryptographicOperations.ZeroMemory(checkpoint);
        }
    }
}
