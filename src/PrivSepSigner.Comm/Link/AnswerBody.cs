using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// An answer's body as the comm handler sends it: the bytes the outbox held, or a CRL read
/// from the file the signer published (<see cref="CrlFileAnswerBody"/>), which is far too large
/// to hold for each front end that asks. A channel decides how it goes on the wire: one frame,
/// pieces, or a legacy answer.
/// </summary>
internal abstract class AnswerBody : IDisposable
{
    public abstract long Length { get; }

    /// <summary>An answer whose bytes are in memory.</summary>
    public static AnswerBody Of(ReadOnlyMemory<byte> bytes) => new InMemory(bytes);

    /// <summary>The bytes in order, in pieces of any size.</summary>
    public abstract IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct);

    /// <summary>SHA-256 of the whole body.</summary>
    /// <exception cref="InvalidDataException">The body is not what it was announced to be (a published file that does not match its hash).</exception>
    public abstract ValueTask<byte[]> Sha256Async(CancellationToken ct);

    /// <summary>The whole body in one array, if it is at most <paramref name="max"/> bytes.</summary>
    /// <exception cref="InvalidDataException">It is larger.</exception>
    public async ValueTask<byte[]> ToArrayAsync(long max, CancellationToken ct)
    {
        if (Length > max)
        {
            throw new InvalidDataException($"an answer of {Length} bytes, at most {max} here");
        }

        var all = new byte[Length];
        var at = 0;
        await foreach (var piece in ReadAsync(ct))
        {
            piece.CopyTo(all.AsMemory(at));
            at += piece.Length;
        }

        return all;
    }

    public virtual void Dispose()
    {
    }

    private sealed class InMemory(ReadOnlyMemory<byte> bytes) : AnswerBody
    {
        public override long Length => bytes.Length;

        public override async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
        {
            await Task.CompletedTask;
            yield return bytes;
        }

        public override ValueTask<byte[]> Sha256Async(CancellationToken ct) => ValueTask.FromResult(SHA256.HashData(bytes.Span));
    }
}
