namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>A server certificate issued through the real link, saved as PEM in a test's directory.</summary>
public static class IssuedCertificates
{
    /// <summary>Signs a fresh P-256 server request under <paramref name="root"/>; returns the certificate's file.</summary>
    public static async Task<string> IssueToFileAsync(this SignerHost host, string dir, string name, string root = "root-ec")
    {
        var csr = await OpenSslRequests.CreateAsync(dir, name, "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var r = await host.SignAsync(root, "server", csr);
        Assert.True(r.ExitCode == 0, r + host.Log);
        var file = Path.Combine(dir, name + ".pem");
        File.WriteAllText(file, r.Stdout);
        return file;
    }

    /// <summary>As <see cref="IssueToFileAsync"/>, with the certificate's serial in the protocol's form.</summary>
    public static async Task<(string File, string Serial)> IssueWithSerialAsync(this SignerHost host, string dir, string name, string root = "root-ec")
    {
        var file = await host.IssueToFileAsync(dir, name, root);
        return (file, SerialOf(file));
    }

    /// <summary>The serial of a PEM certificate file in the protocol's form (lowercase hex, no leading zero).</summary>
    public static string SerialOf(string file)
    {
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(file));
        return cert.SerialNumber.TrimStart('0').ToLowerInvariant();
    }
}
