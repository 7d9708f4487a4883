using System.Security.Cryptography;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>Reads a backup's manifest and its files, each checked against the manifest's SHA-256 and size before use.</summary>
internal sealed class BackupReader
{
    public const string ManifestName = "manifest.json";
    private const long MaxManifestBytes = 16 * 1024 * 1024;

    private BackupReader(string dir, BackupManifest manifest)
    {
        Directory = dir;
        Manifest = manifest;
    }

    public string Directory { get; }

    public BackupManifest Manifest { get; }

    public static BackupReader Open(string dir)
    {
        var full = Path.GetFullPath(dir);
        var path = Path.Combine(full, ManifestName);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"{full}: not a backup (no {ManifestName})");
        }

        if (info.Length > MaxManifestBytes)
        {
            throw new InvalidDataException($"{path}: larger than {MaxManifestBytes} bytes");
        }

        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllBytes(path), CliJson.Indented);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a backup manifest: {e.Message}", e);
        }

        if (manifest is null || manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path}: backup format {manifest?.Format} is not {BackupManifest.CurrentFormat}");
        }

        var reader = new BackupReader(full, manifest);
        reader.VerifyAll();
        return reader;
    }

    /// <summary>The stored bytes of a file, as the manifest hashed them.</summary>
    public byte[] Read(BackupFile file)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, file.Path));
        if (!path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{ManifestName}: {file.Path} points outside the backup");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != file.Size || Convert.ToHexStringLower(SHA256.HashData(bytes)) != file.Sha256)
        {
            throw new InvalidDataException($"{file.Path}: does not match the manifest's SHA-256 (damaged or changed)");
        }

        return bytes;
    }

    private void VerifyAll()
    {
        foreach (var file in Manifest.Files.Where(f => f.Sha256 is not null))
        {
            var bytes = Read(file);
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
