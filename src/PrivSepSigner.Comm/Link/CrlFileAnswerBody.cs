using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Chunking;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Reading;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// The <see cref="CrlResponse"/> body for a CRL the signer published as a file: the message's
/// prefix, the file's bytes read in pieces, and its suffix (<see cref="StreamedCrlResponse"/>).
/// The file is hostile input like any spool entry: it was opened under the spool's file rules,
/// its length is the one the signer's answer announced, and <see cref="Sha256Async"/> reads it
/// once before anything is sent, checking that its SHA-256 is its name.
/// </summary>
internal sealed class CrlFileAnswerBody : AnswerBody
{
    private const int ReadSize = 256 * 1024;

    private readonly PublishedFile file;
    private readonly byte[] prefix;
    private readonly byte[] suffix;
    private readonly byte[] expectedCrlSha256;
    private byte[]? sha256;

    public CrlFileAnswerBody(PublishedCrlAnswer notice, PublishedFile file)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length != notice.CrlLength)
        {
            throw new InvalidDataException($"the published CRL is {file.Length} bytes, the signer announced {notice.CrlLength}");
        }

        this.file = file;
        expectedCrlSha256 = Convert.FromHexString(notice.CrlSha256);
        prefix = StreamedCrlResponse.Prefix(notice.RequestId, notice.Root, notice.CrlLength);
        suffix = StreamedCrlResponse.Suffix(notice.CrlNumber, notice.BaseCrlNumber, notice.NextUpdateUnixMs);
    }

    public override long Length => prefix.Length + file.Length + suffix.Length;

    public override async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        yield return prefix;
        var buffer = new byte[ReadSize];
        for (long at = 0; at < file.Length;)
        {
            ct.ThrowIfCancellationRequested();
            var n = file.ReadAt(at, buffer);
            at += n;
            yield return buffer.AsMemory(0, n);
            await Task.Yield();
        }

        yield return suffix;
    }

    public override async ValueTask<byte[]> Sha256Async(CancellationToken ct)
    {
        if (sha256 is not null)
        {
            return sha256;
        }

        // One pass: the whole body's hash for the pieces, the CRL's own for its name.
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var crl = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        whole.AppendData(prefix);
        var buffer = new byte[ReadSize];
        for (long at = 0; at < file.Length;)
        {
            ct.ThrowIfCancellationRequested();
            var n = file.ReadAt(at, buffer);
            whole.AppendData(buffer, 0, n);
            crl.AppendData(buffer, 0, n);
            at += n;
            await Task.Yield();
        }

        whole.AppendData(suffix);

        if (!crl.GetHashAndReset().AsSpan().SequenceEqual(expectedCrlSha256))
        {
            throw new InvalidDataException("the published CRL does not match its SHA-256");
        }

        return sha256 = whole.GetHashAndReset();
    }

    public override void Dispose() => file.Dispose();
}
