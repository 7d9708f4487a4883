using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.Signer.Crls;

/// <summary>
/// The CRLs the signer published for the comm handler to send: files in spool/crl named by the
/// SHA-256 of their DER, written with the spool's stages (a temporary file in outbox.tmp, fsync,
/// renameat2 without replacing, directory fsync), so that a CRL is either whole or not there.
/// Content-addressed: publishing the same CRL twice is a no-op. Files no answer can need any more
/// are removed after a grace period that covers answers still on their way.
/// </summary>
internal sealed class CrlFiles : IDisposable
{
    private const int Eexist = 17;
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private readonly string dir;
    private readonly SpoolWriter writer;

    public CrlFiles(SpoolLayout layout)
    {
        dir = layout.Crls;
        writer = new SpoolWriter(layout.OutboxTmp, layout.Crls, SpoolModes.EntryFile);
    }

    public bool Exists(string sha256) => sha256.Length > 0 && File.Exists(Path.Combine(dir, sha256));

    /// <exception cref="IOException">Writing failed (a full disk): nothing is visible.</exception>
    public void Publish(string sha256, ReadOnlySpan<byte> der)
    {
        try
        {
            writer.PublishFile(sha256, der);
        }
        catch (IOException e) when (e.HResult == Eexist)
        {
            // Same name, same bytes: already published.
        }
    }

    /// <summary>Removes the files not in <paramref name="keep"/> that were published more than an hour ago; returns how many.</summary>
    public int Prune(IReadOnlySet<string> keep, DateTimeOffset now)
    {
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(path);
            if (SpoolNames.IsValid(name) && !keep.Contains(name) && now - File.GetLastWriteTimeUtc(path) > Grace && writer.Unpublish(name))
            {
                removed++;
            }
        }

        return removed;
    }

    public void Dispose() => writer.Dispose();
}
