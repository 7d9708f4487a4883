using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Reading;

/// <summary>
/// Opens files the peer published whole (the signer's CRLs in spool/crl) under the same
/// hostile-file rules as spool entries (<see cref="FileChecks"/>), for reading in pieces: a CRL
/// of a million entries is 40 MB and is sent, never held, by the comm handler.
/// </summary>
public sealed class PublishedFileReader : IDisposable
{
    private readonly DirectoryHandle dir;
    private readonly uint expectedOwner;
    private readonly int expectedMode;
    private readonly long maxBytes;

    public PublishedFileReader(string dir, uint expectedOwnerUid, int expectedMode, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        this.dir = DirectoryHandle.Open(dir);
        expectedOwner = expectedOwnerUid;
        this.expectedMode = expectedMode;
        this.maxBytes = maxBytes;
    }

    /// <summary>Opens one file; the reason it was refused otherwise (never an exception for a bad file).</summary>
    public PublishedFile? Open(string name, out string? refused)
    {
        if (!SpoolNames.IsValid(name))
        {
            refused = "invalid file name";
            return null;
        }

        try
        {
            refused = FileChecks.OpenChecked(dir, name, expectedOwner, expectedMode, maxBytes, out var file, out var st);
            return refused is null ? new PublishedFile(file!, st!.Size) : null;
        }
        catch (IOException e)
        {
            refused = e.Message;
            return null;
        }
    }

    public void Dispose() => dir.Dispose();
}
