using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Link;

/// <summary>
/// Eight front-end processes at once, each signing 40 CSRs in the batch form (issue 17): on a
/// pty (the serial line's stand-in) they take the line one at a time; on a Unix socket they run
/// side by side. Every certificate reaches the process that asked for it, for the key it asked
/// for, and nothing times out. Before the fix, 34 of 80 answers on a pty went to the wrong
/// process and their requesters timed out.
/// </summary>
public sealed class OneFrontEndPerLineTests : IDisposable
{
    private const int Processes = 8;
    private const int PerProcess = 40;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-lines-");

    public void Dispose() => work.Delete(recursive: true);

    [Theory]
    [InlineData("pty")]
    [InlineData("unix")]
    public async Task Eight_front_ends_at_once_each_get_their_own_forty_certificates(string kind)
    {
        await using var host = await SignerHost.StartAsync(kind);
        var before = host.IssuedSerials().Count;
        var jobs = Enumerable.Range(0, Processes).Select(p =>
        {
            var dir = Directory.CreateDirectory(Path.Combine(work.FullName, $"{kind}-{p}"));
            var csrs = Enumerable.Range(0, PerProcess).Select(i =>
            {
                var file = Path.Combine(dir.FullName, $"r{i:d2}.der");
                File.WriteAllBytes(file, TestCsrs.DotNetP256($"p{p}-r{i}.example.test"));
                return file;
            }).ToList();
            var outDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "out")).FullName;
            return (Csrs: csrs, OutDir: outDir, Run: Tool.RunAsync(Tool.Bin("privsep-signer"), ["sign", "--link", host.Link, "--root", "root-ec", "--profile", "server", .. csrs.SelectMany(c => new[] { "--csr", c }), "--out-dir", outDir, "--timeout", "300"], TimeSpan.FromMinutes(6)));
        }).ToList();

        foreach (var job in jobs)
        {
            var r = await job.Run;
            Assert.True(r.ExitCode == 0, r.ToString());
            foreach (var csr in job.Csrs)
            {
                // The certificate this process got for this CSR certifies this CSR's own key.
                using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(job.OutDir, Path.GetFileNameWithoutExtension(csr) + ".pem")));
                var request = CertificateRequest.LoadSigningRequest(File.ReadAllBytes(csr), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
                Assert.Equal(request.PublicKey.EncodedKeyValue.RawData, cert.PublicKey.EncodedKeyValue.RawData);
            }
        }

        Assert.Equal(before + (Processes * PerProcess), host.IssuedSerials().Count);
        Assert.DoesNotContain("has no waiting session", host.Log);
    }
}
