using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Any front end used to get an intermediate CA: `sign --profile subca` over the link returned
/// CA:TRUE, keyCertSign, and a leaf for any name signed with it verified; ocsp was the same kind
/// of exposure. Sub-CA and OCSP-responder profiles are ceremony-only: refused at the comm
/// handler's screen and again by the signer, issued by the operator on the signing host after a
/// confirmation, with the request and the confirmation in the audit log and the certificate in
/// the issuance database like any other.
/// </summary>
public sealed class CeremonyOnlyProfileTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-ceremony-only-");

    public CeremonyOnlyProfileTests(UnixHostFixture fixture) => host = fixture.Host;

    [Theory]
    [InlineData("subca")]
    [InlineData("ocsp")]
    public async Task A_sub_ca_or_ocsp_profile_is_refused_over_the_link_with_a_clear_error(string profile)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, profile, "P-384", "/CN=Example Issuing CA/O=Example Org/C=DE");
        var before = host.IssuedSerials().Count;
        var r = await host.SignAsync("root-ec", profile, csr);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(string.Empty, r.Stdout);
        Assert.Contains($"PolicyRefused: CeremonyOnly: profile \"{profile}\"", r.Stderr);
        Assert.Contains("privsep-signerd ceremony sign-csr", r.Stderr);
        Assert.Equal(before, host.IssuedSerials().Count);
        await host.WaitForLogLineAsync("privsep-comm", "refused at the link", "CeremonyOnly");
    }

    [Fact]
    public async Task A_sub_ca_request_spooled_past_the_comm_handler_is_refused_by_the_signer()
    {
        var id = "subca-past-comm-" + Guid.NewGuid().ToString("N")[..8];
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "past", "P-384", "/CN=Example Issuing CA/O=Example Org/C=DE");
        var der = await OpenSslRequests.ToDerAsync(csr);
        var body = MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = "root-ec", Profile = "subca", Csr = der });
        var before = host.IssuedSerials().Count;
        host.SpoolPastTheCommHandler(MessageType.SignX509Request, body);
        await host.WaitForLogLineAsync("privsep-signerd", $"refused request {id}", "CeremonyOnly");
        Assert.Equal(before, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task The_ceremony_issues_a_sub_ca_only_once_the_operator_confirms_and_records_it()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "issuing", "P-384", "/CN=Example Issuing CA/O=Example Org/C=DE");
        var cert = Path.Combine(work.FullName, "issuing.pem");
        var before = host.IssuedSerials().Count;

        var declined = await host.CeremonySignAsync("root-ec", "subca", csr, cert, typed: "no\n");
        Assert.True(declined.ExitCode == 1, declined.ToString());
        Assert.Contains("Certificate to be issued", declined.Stdout);
        Assert.Contains("CA, path length 0; ceremony-only", declined.Stdout);
        Assert.Contains("not confirmed", declined.Stdout);
        var mismatch = await Tool.Cli("ceremony", "sign-csr", "--config", Path.Combine(host.Dir, "config.json"), "--root", "root-ec", "--profile", "subca", "--csr", csr, "--out", cert, "--confirm", new string('0', 64));
        Assert.True(mismatch.ExitCode == 1, mismatch.ToString());
        Assert.Contains("is not the request file's SHA-256", mismatch.Stdout);
        Assert.False(File.Exists(cert));
        Assert.Equal(before, host.IssuedSerials().Count);

        var issued = await host.CeremonySignAsync("root-ec", "subca", csr, cert, typed: "yes\n");
        Assert.True(issued.ExitCode == 0, issued + host.Log);
        Assert.Contains("issued subca certificate serial", issued.Stdout);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("CA:TRUE, pathlen:0", await OpenSslRequests.TextAsync(cert));

        // In the issuance database like any certificate: revocable over the link, on the CRL.
        var serial = (await Tool.RunAsync("openssl", ["x509", "-in", cert, "-noout", "-serial"])).Stdout.Trim()["serial=".Length..].ToLowerInvariant().TrimStart('0');
        Assert.Contains(serial, host.IssuedSerials());
        var revoked = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--reason", "cessationOfOperation");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var crl = await Tool.Cli("crl", "--link", host.Link, "--root", "root-ec", "--issue"); // a new full CRL: revocations go to deltas until then
        var crlFile = Path.Combine(work.FullName, "root-ec.crl");
        File.WriteAllText(crlFile, crl.Stdout);
        Assert.Contains(serial.ToUpperInvariant(), (await Tool.RunAsync("openssl", ["crl", "-in", crlFile, "-noout", "-text"])).Stdout);

        // The request, the refusals and the confirmation are in the sealed stream, which verifies.
        await Task.Delay(500);
        var ceremony = File.ReadAllLines(Path.Combine(host.Dir, "syslog.out")).Where(l => l.Contains(" privsep-ceremony ", StringComparison.Ordinal)).ToList();
        foreach (var expected in new[] { "ceremony sign-csr request", "NOT confirmed: the answer was not yes", "NOT confirmed: --confirm", "confirmed by the operator (typed yes)", "audit: signed request ceremony-", "recorded in the issuance database" })
        {
            Assert.True(ceremony.Exists(l => l.Contains(expected, StringComparison.Ordinal)), $"no ceremony line with \"{expected}\":\n{string.Join('\n', ceremony)}");
        }

        var bytes = File.ReadAllBytes(Path.Combine(host.Dir, "syslog.out"));
        var log = Path.Combine(work.FullName, "syslog.out");
        File.WriteAllBytes(log, bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)]);
        var audit = await Tool.Cli("audit", "verify", "--signer-key", Path.Combine(host.Dir, "audit-chain-key.signer"), "--comm-key", Path.Combine(host.Dir, "audit-chain-key.comm"), log);
        Assert.True(audit.ExitCode == 0, audit.ToString());
    }

    public void Dispose() => work.Delete(recursive: true);
}
