using PrivSepSigner.Posix.Files;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>
/// `backup DIR DEST`: DEST (new, 0700) gets config.json, a consistent online copy of the
/// issuance database (the signer may be running), every root's key directory with its
/// certificates and version links, and manifest.json with each file's SHA-256, written last.
/// Secret files (PKCS#8 CA keys, pending sub-CA keys, the OpenPGP secret key, the audit chain
/// key) are stored only with --with-keys, and then sealed with <see cref="SecretBox"/>;
/// otherwise the manifest only names where they are. A key.pem that names a PKCS#11 object
/// (pkcs11:...) is no secret and is always stored: the key stays on its token.
/// </summary>
internal sealed class BackupWriter
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = Private | UnixFileMode.UserExecute;

    private readonly InstallationFiles source;
    private readonly string dest;
    private readonly byte[]? passphrase;
    private readonly List<BackupFile> files = [];

    private BackupWriter(InstallationFiles source, string dest, byte[]? passphrase)
    {
        this.source = source;
        this.dest = dest;
        this.passphrase = passphrase;
    }

    public static BackupManifest Write(string dir, string dest, byte[]? passphrase)
    {
        var source = InstallationFiles.Locate(dir);
        var full = Path.GetFullPath(dest);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new UsageException($"{full}: exists and is not empty; a backup goes into a new directory");
        }

        if (!File.Exists(source.DatabasePath))
        {
            throw new InvalidDataException($"{source.DatabasePath}: no issuance database (has the signer ever run?)");
        }

        Directory.CreateDirectory(full, PrivateDir);
        return new BackupWriter(source, full, passphrase).Run();
    }

    private BackupManifest Run()
    {
        Store("config.json", source.ConfigPath, "config", File.ReadAllBytes(source.ConfigPath), Private);
        var db = Path.Combine(dest, "state", "issuance.db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!, PrivateDir);
        IssuanceDatabaseFile.CopyConsistent(source.DatabasePath, db);
        files.Add(Describe("state/issuance.db", source.DatabasePath, "database", File.ReadAllBytes(db), Private));
        foreach (var root in source.Config.Roots.Where(r => Directory.Exists(r.KeyDirectory)))
        {
            StoreTree(root.KeyDirectory, $"keys/{root.Name}");
        }

        foreach (var file in source.OpenPgpKeyFiles())
        {
            StoreSecret($"openpgp/{Path.GetFileName(file)}", file);
        }

        foreach (var auditKey in source.AuditKeyFiles().Where(File.Exists))
        {
            StoreSecret($"audit/{Path.GetFileName(auditKey)}", auditKey);
        }

        var manifest = new BackupManifest
        {
            Format = BackupManifest.CurrentFormat,
            CreatedAt = IsoTime.Of(DateTimeOffset.UtcNow),
            SourceDirectory = source.Directory,
            SourceConfig = source.ConfigPath,
            Layout = source.Layout,
            WithKeys = passphrase is not null,
            Database = IssuanceDatabaseFile.Facts(db),
            Files = files,
        };
        DurableFile.CreateNew(Path.Combine(dest, BackupReader.ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest, CliJson.Indented), Private);
        return manifest;
    }

    /// <summary>A key directory: links as links, key.pem files as secrets (unless a token reference), the rest as public files.</summary>
    private void StoreTree(string dir, string prefix)
    {
        // Walked by hand: a link (current -> versions/N) is stored as a link, never followed.
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = $"{prefix}/{entry.Name}";
            if (entry.LinkTarget is { } target)
            {
                files.Add(new BackupFile(path, entry.FullName, "link", null, 0, 0, target));
            }
            else if (entry is DirectoryInfo sub)
            {
                StoreTree(sub.FullName, path);
            }
            else if (entry is FileInfo file)
            {
                var bytes = File.ReadAllBytes(file.FullName);
                if (file.Name == "key.pem" && !bytes.AsSpan().StartsWith("pkcs11:"u8))
                {
                    CryptographicOperations.ZeroMemory(bytes);
                    StoreSecret(path, file.FullName);
                }
                else
                {
                    Store(path, file.FullName, "public", bytes, (UnixFileMode)((int)file.UnixFileMode & 0x1FF));
                }
            }
        }
    }

    private void StoreSecret(string path, string sourceFile)
    {
        if (passphrase is null)
        {
            files.Add(new BackupFile(path, sourceFile, "external", null, 0, (int)Private, null));
            return;
        }

        var plain = File.ReadAllBytes(sourceFile);
        try
        {
            Store(path + ".enc", sourceFile, "secret", SecretBox.Seal(plain, passphrase, path), Private);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private void Store(string path, string sourceFile, string kind, byte[] bytes, UnixFileMode mode)
    {
        var target = Path.Combine(dest, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!, PrivateDir);
        DurableFile.CreateNew(target, bytes, Private);
        files.Add(Describe(path, sourceFile, kind, bytes, mode));
    }

    private static BackupFile Describe(string path, string sourceFile, string kind, byte[] bytes, UnixFileMode mode) =>
        new(path, sourceFile, kind, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, (int)mode, null);


    /// <summary>The passphrase file's first line, as bytes (a trailing newline is not part of it).</summary>
    public static byte[] ReadPassphrase(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists || info.Length is 0 or > 4096)
        {
            throw new UsageException($"{file}: no such file, empty, or larger than 4096 bytes");
        }

        var text = Encoding.UTF8.GetString(File.ReadAllBytes(file)).TrimEnd('\r', '\n');
        if (text.Length < 12)
        {
            throw new UsageException($"{file}: a backup passphrase has at least 12 characters");
        }

        return Encoding.UTF8.GetBytes(text);
    }
}
