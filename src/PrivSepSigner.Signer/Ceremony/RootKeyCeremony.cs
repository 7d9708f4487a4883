using PrivSepSigner.Posix.Files;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.Ceremony;
using PrivSepSigner.Keys.Pkcs11;
using PrivSepSigner.Keys.Versions;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// CA key ceremonies, run by the key-holding executable so that no other program generates or
/// holds a CA key: a new self-signed root key version (first key and rekey), a sub-CA key
/// with its request, and installing the certificate issued for that request. Each new
/// version is written complete under versions/N and only then made current by one atomic
/// switch of the <c>current</c> link; a running signer picks it up without a restart.
/// Prints only public facts (version, key type, certificate fingerprint).
/// </summary>
internal static class RootKeyCeremony
{
    private const string PendingPrefix = "pending-";

    /// <summary>root-key: a new key and self-signed certificate, made current.</summary>
    public static int NewRootVersion(string configPath, string rootName, string? algorithm, string? subjectName, int days)
    {
        var (config, root) = FindRoot(configPath, rootName);
        using var keys = KeyLoader.Open(config);
        EnsureKeyDirectory(root.KeyDirectory);
        using var current = TryCurrentCertificate(root.KeyDirectory);
        var spec = algorithm is { } name ? KeyAlgorithms.Parse(name)
            : current is not null ? KeyAlgorithms.Of(current)
            : throw new ArgumentException("--algorithm is required for a root's first key");
        var subject = subjectName ?? current?.SubjectName.Name ?? throw new ArgumentException("--subject is required for a root's first key");

        using var key = NewCaKey.Generate(spec, root, keys);
        var now = DateTimeOffset.UtcNow;
        var certPem = CaCertificates.SelfSigned(key.Key, subject, now, now.AddDays(days));
        return Publish(root, key.KeyFile, certPem, key.Key.Description);
    }

    /// <summary>subca-request: a new key kept pending, and its PKCS#10 request for the parent CA.</summary>
    public static int NewSubCaRequest(string configPath, string rootName, string algorithm, string subject, string output)
    {
        var (config, root) = FindRoot(configPath, rootName);
        using var keys = KeyLoader.Open(config);
        EnsureKeyDirectory(root.KeyDirectory);
        var spec = KeyAlgorithms.Parse(algorithm);

        using var key = NewCaKey.Generate(spec, root, keys);
        var requestPem = CaCertificates.SubCaRequest(key.Key, subject);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var pending = Directory.CreateDirectory(Path.Combine(root.KeyDirectory, PendingPrefix + id), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        DurableFile.CreateNew(Path.Combine(pending.FullName, "key.pem"), key.KeyFile, CeremonyFiles.SecretFile);
        DurableFile.CreateNew(Path.Combine(pending.FullName, "request.pem"), System.Text.Encoding.ASCII.GetBytes(requestPem), CeremonyFiles.PublicFile);
        File.WriteAllText(output, requestPem);
        Console.Out.WriteLine($"root {root.Name}: pending key {id} ({key.Key.Description}); request written to {output}");
        return 0;
    }

    /// <summary>install-cert: the parent CA's certificate for a pending key becomes the next version, made current.</summary>
    public static int InstallCertificate(string configPath, string rootName, string id, string certificateFile)
    {
        var (config, root) = FindRoot(configPath, rootName);
        using var keys = KeyLoader.Open(config);
        if (id.Length != 8 || !id.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("--pending must be the 8-character id subca-request printed");
        }

        var pending = Path.Combine(root.KeyDirectory, PendingPrefix + id);
        var keyFile = File.ReadAllBytes(Path.Combine(pending, "key.pem"));
        try
        {
            var certPem = File.ReadAllText(certificateFile);
            using var key = keys.Load(keyFile, Path.Combine(pending, "key.pem"), root);
            using (var cert = X509Certificate2.CreateFromPem(certPem))
            {
                if (!CaCertificates.Certifies(certPem, key) || cert.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
                {
                    throw new InvalidDataException("the certificate is not a CA certificate for the pending key");
                }
            }

            var result = Publish(root, keyFile, certPem, key.Description);
            Directory.Delete(pending, recursive: true);
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyFile);
        }
    }

    /// <summary>The config and the root it names.</summary>
    /// <summary>The config and the root it names; an unknown root is an <see cref="ArgumentException"/> naming --root.</summary>
    internal static (InstallationConfig Config, RootConfig Root) FindRoot(string configPath, string name)
    {
        var config = ConfigLoader.Load(configPath);
        var root = config.Roots.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"--root: the config has no root \"{name}\"");
        return (config, root);
    }

    private static int Publish(RootConfig root, ReadOnlySpan<byte> keyFile, string certPem, string keyDescription)
    {
        var version = KeyVersionWriter.CreateNextVersion(root.KeyDirectory, keyFile, System.Text.Encoding.ASCII.GetBytes(certPem));
        KeyVersionWriter.SwitchCurrent(root.KeyDirectory, version);
        using var cert = X509Certificate2.CreateFromPem(certPem);
        Console.Out.WriteLine($"root {root.Name}: version {version} is current ({keyDescription}, certificate sha256 {Convert.ToHexStringLower(SHA256.HashData(cert.RawData))}, valid until {cert.NotAfter.ToUniversalTime():O})");
        return 0;
    }

    private static X509Certificate2? TryCurrentCertificate(string keyDirectory)
    {
        if (!Path.Exists(Path.Combine(keyDirectory, "current")))
        {
            return null;
        }

        using var snapshot = new KeyVersionReader(keyDirectory).Read();
        return X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(snapshot.CertificatePem));
    }

    private static void EnsureKeyDirectory(string dir) =>
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
}
