using System.Security.Cryptography;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Keys.Versions;

/// <summary>
/// Writes new key versions and switches ROOTDIR/current atomically (STYLE habit 5: unique
/// temporary name, write, fsync, atomic rename, fsync the directory). A version is built in
/// versions/.tmp-&lt;random&gt; and renamed into place complete, so a half-written version is never
/// visible under a number; <c>current</c> is replaced by rename(2) of a fresh symlink, so a
/// reader sees either the old or the new target, never a missing link.
/// </summary>
public static class KeyVersionWriter
{
    private const uint KeyMode = 0b110_000_000;         // 0600
    private const uint CertificateMode = 0b110_100_100; // 0644
    private const uint DirectoryMode = 0b111_101_000;   // 0750

    /// <summary>Creates versions/&lt;n+1&gt; holding the two files and returns its name. Does not switch.</summary>
    public static string CreateNextVersion(string rootDir, ReadOnlySpan<byte> keyPem, ReadOnlySpan<byte> certPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDir);
        if (keyPem.IsEmpty || certPem.IsEmpty)
        {
            throw new ArgumentException("key and certificate must not be empty");
        }

        var root = Path.GetFullPath(rootDir);
        using var rootFd = SafeFd.OpenAt(Libc.AT_FDCWD, root, Libc.O_RDONLY | Libc.O_DIRECTORY, 0, $"key directory {root}");
        if (Libc.mkdirat(rootFd.Fd, FileNameCodec.EncodePath(KeyVersionLayout.VersionsDir), DirectoryMode) == 0)
        {
            rootFd.Sync($"fsync {root}");
        }
        else if (NativeError.Last != Libc.EEXIST)
        {
            throw NativeError.Exception($"mkdir {root}/{KeyVersionLayout.VersionsDir}");
        }

        var versionsPath = $"{root}/{KeyVersionLayout.VersionsDir}";
        using var versions = SafeFd.OpenAt(rootFd.Fd, KeyVersionLayout.VersionsDir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, versionsPath);

        var tmp = $".tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        if (Libc.mkdirat(versions.Fd, FileNameCodec.EncodePath(tmp), DirectoryMode) != 0)
        {
            throw NativeError.Exception($"mkdir {versionsPath}/{tmp}");
        }

        var published = false;
        try
        {
            using (var dir = SafeFd.OpenAt(versions.Fd, tmp, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, $"{versionsPath}/{tmp}"))
            {
                DurableFile.Create(dir.Fd, KeyVersionLayout.KeyFile, keyPem, KeyMode, $"{versionsPath}/{tmp}/{KeyVersionLayout.KeyFile}");
                DurableFile.Create(dir.Fd, KeyVersionLayout.CertificateFile, certPem, CertificateMode, $"{versionsPath}/{tmp}/{KeyVersionLayout.CertificateFile}");
                dir.Sync($"fsync {versionsPath}/{tmp}");
            }

            // RENAME_NOREPLACE: two writers racing for the same number cannot overwrite each
            // other (plain rename(2) would replace an empty directory); the loser takes n+1.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var name = (HighestVersion(versionsPath) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (Libc.renameat2(versions.Fd, FileNameCodec.EncodePath(tmp), versions.Fd, FileNameCodec.EncodePath(name), Libc.RENAME_NOREPLACE) == 0)
                {
                    published = true;
                    versions.Sync($"fsync {versionsPath}");
                    return name;
                }

                var errno = NativeError.Last;
                if (errno is not (Libc.EEXIST or Libc.ENOTEMPTY))
                {
                    throw NativeError.Exception($"rename {versionsPath}/{tmp} to {name}", errno);
                }
            }

            throw new IOException($"{versionsPath}: could not claim a version number after 100 attempts");
        }
        finally
        {
            if (!published)
            {
                RemoveTemporary(versions, tmp);
            }
        }
    }

    /// <summary>
    /// Points ROOTDIR/current at versions/<paramref name="version"/> atomically: a new symlink
    /// current.tmp-&lt;random&gt; is renamed over <c>current</c>, then ROOTDIR is fsynced.
    /// </summary>
    public static void SwitchCurrent(string rootDir, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDir);
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (!KeyVersionLayout.IsVersionName(version))
        {
            throw new ArgumentException($"\"{version}\" is not a version name (a decimal number)", nameof(version));
        }

        var root = Path.GetFullPath(rootDir);
        using var rootFd = SafeFd.OpenAt(Libc.AT_FDCWD, root, Libc.O_RDONLY | Libc.O_DIRECTORY, 0, $"key directory {root}");
        var target = KeyVersionLayout.LinkTarget(version);

        // Never switch to an incomplete version: both files must be there as regular files.
        using (var dir = SafeFd.OpenAt(rootFd.Fd, target, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, $"{root}/{target}"))
        {
            foreach (var file in new[] { KeyVersionLayout.KeyFile, KeyVersionLayout.CertificateFile })
            {
                using var fd = SafeFd.OpenAt(dir.Fd, file, Libc.O_PATH | Libc.O_NOFOLLOW, 0, $"{root}/{target}/{file}");
                if (FileStatus.Of(fd, $"{root}/{target}/{file}").Kind != FileKind.Regular)
                {
                    throw new InvalidDataException($"{root}/{target}/{file}: not a regular file");
                }
            }
        }

        var tmp = $"{KeyVersionLayout.Current}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        if (Libc.symlinkat(FileNameCodec.EncodePath(target), rootFd.Fd, FileNameCodec.EncodePath(tmp)) != 0)
        {
            throw NativeError.Exception($"symlink {root}/{tmp}");
        }

        if (Libc.renameat(rootFd.Fd, FileNameCodec.EncodePath(tmp), rootFd.Fd, FileNameCodec.EncodePath(KeyVersionLayout.Current)) != 0)
        {
            var errno = NativeError.Last;
            _ = Libc.unlinkat(rootFd.Fd, FileNameCodec.EncodePath(tmp), 0);
            throw NativeError.Exception($"rename {root}/{tmp} to {KeyVersionLayout.Current}", errno);
        }

        rootFd.Sync($"fsync {root}");
    }

    private static int HighestVersion(string versionsPath)
    {
        var highest = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(versionsPath))
        {
            var name = Path.GetFileName(entry);
            if (KeyVersionLayout.IsVersionName(name))
            {
                highest = Math.Max(highest, KeyVersionLayout.Number(name));
            }
        }

        return highest;
    }

    private static void RemoveTemporary(SafeFd versions, string tmp)
    {
        // Best effort: a leftover .tmp-* directory is never read (not a version name).
        using var dir = TryOpen(versions, tmp);
        if (dir is not null)
        {
            _ = Libc.unlinkat(dir.Fd, FileNameCodec.EncodePath(KeyVersionLayout.KeyFile), 0);
            _ = Libc.unlinkat(dir.Fd, FileNameCodec.EncodePath(KeyVersionLayout.CertificateFile), 0);
        }

        _ = Libc.unlinkat(versions.Fd, FileNameCodec.EncodePath(tmp), Libc.AT_REMOVEDIR);
    }

    private static SafeFd? TryOpen(SafeFd versions, string tmp)
    {
        try
        {
            return SafeFd.OpenAt(versions.Fd, tmp, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, tmp);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
