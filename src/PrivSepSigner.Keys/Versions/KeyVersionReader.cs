using System.Security.Cryptography;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Keys.Versions;

/// <summary>
/// Reads the current key version of a rollover directory without a torn read.
/// ROOTDIR/current is opened ONCE (following that one symlink on purpose) and key.pem and
/// cert.pem are then opened relative to that descriptor with openat(O_NOFOLLOW), so a switch
/// of <c>current</c> between the two opens cannot pair an old key with a new certificate
/// (REFERENCE 1, certbot live/ races). The version name comes from the opened descriptor
/// (/proc/self/fd), not from a separate readlink that could race the switch.
/// SECURITY: trusts ROOTDIR's owner (the operator); still refuses a <c>current</c> that leads
/// outside ROOTDIR/versions, non-regular files, and a key file others can read.
/// </summary>
public sealed class KeyVersionReader
{
    /// <summary>Largest key or certificate file read.</summary>
    public const int MaxFileBytes = 64 * 1024;

    private readonly string rootDir;

    public KeyVersionReader(string rootDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDir);
        this.rootDir = Path.GetFullPath(rootDir);
    }

    public string RootDirectory => rootDir;

    /// <summary>
    /// The version <c>current</c> names now (readlink, nothing opened), or null when there is no
    /// <c>current</c> link or it names something else: a cheap check before a <see cref="Read()"/>,
    /// which alone decides what is actually read.
    /// </summary>
    public string? CurrentVersion() =>
        KeyVersionLayout.VersionOfTarget(new FileInfo(Path.Join(rootDir, KeyVersionLayout.Current)).LinkTarget);

    /// <summary>Reads key and certificate of the version <c>current</c> points to at the moment of the call.</summary>
    public KeyVersionSnapshot Read() => ReadAt(KeyVersionLayout.Current, Libc.O_PATH | Libc.O_DIRECTORY);

    /// <summary>Reads one named version (a retired one, to sign the CRLs of what it issued).</summary>
    public KeyVersionSnapshot Read(string version)
    {
        if (!KeyVersionLayout.IsVersionName(version))
        {
            throw new ArgumentException($"\"{version}\" is not a version name", nameof(version));
        }

        return ReadAt(KeyVersionLayout.LinkTarget(version), Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW);
    }

    /// <summary>The version names under versions/, lowest first (temporary and other names are ignored).</summary>
    public IReadOnlyList<string> ListVersions()
    {
        var versions = Path.Combine(rootDir, KeyVersionLayout.VersionsDir);
        return !Directory.Exists(versions) ? [] :
            [.. Directory.EnumerateDirectories(versions).Select(Path.GetFileName).OfType<string>().Where(KeyVersionLayout.IsVersionName).OrderBy(KeyVersionLayout.Number)];
    }

    private KeyVersionSnapshot ReadAt(string relative, int flags)
    {
        using var root = SafeFd.OpenAt(Libc.AT_FDCWD, rootDir, Libc.O_PATH | Libc.O_DIRECTORY, 0, $"key directory {rootDir}");
        using var dir = SafeFd.OpenAt(root.Fd, relative, flags, 0, $"{rootDir}/{relative}");
        var version = VersionOf(root, dir);

        var keyWhat = $"{rootDir}/{KeyVersionLayout.LinkTarget(version)}/{KeyVersionLayout.KeyFile}";
        byte[] key;
        using (var fd = SafeFd.OpenAt(dir.Fd, KeyVersionLayout.KeyFile, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY, 0, keyWhat))
        {
            var st = FileStatus.Of(fd, keyWhat);
            if ((st.Permissions & 0b000_010_111) != 0)
            {
                throw new InvalidDataException($"{keyWhat}: mode {Convert.ToString(st.Permissions, 8)} lets others read or write the key; expected 0600 or 0640");
            }

            key = DurableFile.ReadAll(fd, MaxFileBytes, keyWhat);
        }

        try
        {
            var certWhat = $"{rootDir}/{KeyVersionLayout.LinkTarget(version)}/{KeyVersionLayout.CertificateFile}";
            using var fd = SafeFd.OpenAt(dir.Fd, KeyVersionLayout.CertificateFile, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY, 0, certWhat);
            var cert = DurableFile.ReadAll(fd, MaxFileBytes, certWhat);
            var snapshot = new KeyVersionSnapshot(version, key, cert);
            key = [];
            return snapshot;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The kernel's name for the opened directory must be ROOTDIR/versions/&lt;n&gt;: this both
    /// names the version and refuses a <c>current</c> pointing anywhere else. A version deleted
    /// after the open shows as "... (deleted)" and is refused too.
    /// </summary>
    private string VersionOf(SafeFd root, SafeFd dir)
    {
        var rootReal = FdPath(root);
        var dirReal = FdPath(dir);
        var expectedParent = rootReal.TrimEnd('/') + "/" + KeyVersionLayout.VersionsDir + "/";
        if (!dirReal.StartsWith(expectedParent, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{rootDir}/{KeyVersionLayout.Current} leads to {dirReal}, outside {expectedParent}");
        }

        var name = dirReal[expectedParent.Length..];
        if (!KeyVersionLayout.IsVersionName(name))
        {
            throw new InvalidDataException($"{rootDir}/{KeyVersionLayout.Current} leads to {dirReal}, which is not a version directory");
        }

        return name;
    }

    private static string FdPath(SafeFd fd)
    {
        var link = new FileInfo($"/proc/self/fd/{fd.Fd}").LinkTarget;
        return link ?? throw new IOException($"/proc/self/fd/{fd.Fd}: not a link (is /proc mounted?)");
    }
}
