using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// Issue 5's rollover test: `privsep-signer rekey` in the middle of a stream of 500 requests
/// from four front ends, with the signer picking the new version up on SIGHUP while it is
/// signing. Every request gets a certificate (none fails or is dropped during the switch),
/// both key versions signed some, and each certificate verifies with `openssl verify` against
/// the CA certificate of the key that signed it, whose subjectKeyIdentifier is its AKI.
/// </summary>
public sealed class RolloverTests : IAsyncLifetime
{
    private const int Total = 500;
    private const int Clients = 4;
    private const int RekeyAfter = 150;

    // The stream does not run dry before the switch has been seen (the check period is an hour,
    // so only the SIGHUP can cause it); it keeps flowing during the rekey itself.
    private const int HoldAt = 400;

    private SignerHost host = null!;
    private DirectoryInfo work = null!;

    public async Task InitializeAsync()
    {
        work = Directory.CreateTempSubdirectory("pss-rollover-");
        host = await SignerHost.StartAsync("unix", configure: c => c["keyReloadSeconds"] = 3600);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_rekey_during_500_requests_fails_none_and_each_certificate_verifies_against_its_own_ca()
    {
        var oldCa = await CaSha256Async();
        var issued = 0;
        var switched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;
        var results = new X509Certificate2?[Total];
        var errors = new List<string>();

        async Task ClientAsync()
        {
            await using var link = LinkClient.Open(host.Link);
            int i;
            while ((i = Interlocked.Increment(ref next)) < Total)
            {
                if (i == HoldAt)
                {
                    await switched.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }

                var id = $"roll-{i}";
                var frame = await link.RequestAsync(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    Root = "root-ec",
                    Profile = "server",
                    Csr = TestCsrs.DotNetP256($"roll{i}.example.test"),
                }), id, TimeSpan.FromSeconds(60));
                if (frame.Type == MessageType.SignX509Response)
                {
                    results[i] = X509CertificateLoader.LoadCertificate(MessageCodec.Deserialize<SignX509Response>(frame.Body).Certificate);
                }
                else
                {
                    lock (errors)
                    {
                        errors.Add($"{id}: {frame.Type} {(frame.Type == MessageType.ErrorResponse ? MessageCodec.Deserialize<ErrorResponse>(frame.Body).Message : "")}");
                    }
                }

                Interlocked.Increment(ref issued);
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(ClientAsync)).ToArray();
        while (Volatile.Read(ref issued) < RekeyAfter)
        {
            await Task.Delay(10);
        }

        var rekey = await Tool.Cli("rekey", host.Dir, "--root", "root-ec");
        Assert.True(rekey.ExitCode == 0, rekey.ToString());
        Assert.Equal(0, (await Tool.RunAsync("pkill", ["-HUP", "-f", $"privsep-signerd --config {host.Dir}/config.json"])).ExitCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await CaSha256Async() == oldCa)
        {
            Assert.True(DateTime.UtcNow < deadline, "the signer did not switch to the new key version within 60 s of SIGHUP:\n" + host.Log);
            await Task.Delay(20);
        }

        switched.SetResult();
        await Task.WhenAll(clients);

        Assert.Empty(errors);
        var certs = results.Select(c => c!).ToList();
        Assert.Equal(Total, certs.Count(c => c is not null));

        // Both versions signed, and each certificate verifies against its own version's CA.
        var versions = Enumerable.Range(1, 2).Select(v => Path.Combine(host.Dir, "keys", "root-ec", "versions", $"{v}", "cert.pem")).ToArray();
        var groups = certs.GroupBy(Aki).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(2, groups.Count);
        foreach (var caFile in versions)
        {
            using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
            var ski = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier!;
            Assert.True(groups.TryGetValue(ski, out var signed), $"no certificate names {caFile}'s key {ski} as its authority key");
            var files = signed.Select((c, n) =>
            {
                var path = Path.Combine(work.FullName, $"{ski}-{n}.pem");
                File.WriteAllText(path, c.ExportCertificatePem());
                return path;
            }).ToArray();
            var verify = await OpenSslRequests.VerifyAsync(caFile, files);
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Equal(files.Length, verify.Stdout.Split('\n').Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
        }

        Assert.Contains("switched to key version 2", host.Log);
        Assert.Empty(await host.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(15)));
    }

    private static string Aki(X509Certificate2 cert) =>
        Convert.ToHexString(cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.Span);

    /// <summary>The root's CA certificate as the signer hands it out now.</summary>
    private async Task<string> CaSha256Async()
    {
        var r = await Tool.Cli("ca-cert", "--link", host.Link, "--root", "root-ec");
        Assert.True(r.ExitCode == 0, r.ToString());
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(r.Stdout)));
    }
}
