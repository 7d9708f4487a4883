using System.Text;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// CAcert's client.pl reads only field 2 of an answer, never the status byte: HandleCerts writes
/// a non-empty field 2 as the user's certificate, HandleGPG stores and mails it as the signed key,
/// RevokeCerts and RefreshCRLs (DoCRL) install it as the CRL. An empty field 2 is the one answer
/// each treats as "nothing came back" (nothing stored, no mail, the row retried or flagged). So
/// every error must arrive with field 2 empty and its reason in field 3 and in the comm's log.
/// </summary>
[Collection(LegacyLinkCollection.Name)]
public sealed class LegacyErrorAnswerTests : IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-legacy-err-");

    public LegacyErrorAnswerTests(LegacyHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task A_refused_x509_request_leaves_handle_certs_nothing_to_store()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "md5", "P-256", "/CN=md5@example.test", "subjectAltName=email:md5@example.test");
        var issued = host.IssuedSerials().Count;
        var reply = await LegacyClient.RequestOnceAsync(host.Link, LegacyClient.Body(
            LegacyClient.Header(action: 1, system: 1, root: LegacyHostFixture.RootEc, profile: LegacyHostFixture.ProfileClient, digest: 1, days: 365),
            Encoding.ASCII.GetBytes(File.ReadAllText(csr)), [], []));
        await AssertNothingToStoreAsync(reply, "PolicyRefused", "md5 (1) is refused");
        Assert.Equal(issued, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task A_refused_openpgp_request_leaves_handle_gpg_nothing_to_store_or_mail()
    {
        var reply = await LegacyClient.RequestOnceAsync(host.Link, LegacyClient.Body(LegacyClient.Header(action: 1, system: 2, digest: 2, days: 366), "not an OpenPGP key"u8.ToArray(), [], []));
        Assert.True(reply.IsError, reply.ToString());
        Assert.Empty(reply.Data1);
        Assert.NotEmpty(reply.ErrorMessage);
        Assert.NotEmpty(reply.ErrorCode);
        await host.WaitForLogLineAsync("answered with an error", reply.ErrorCode);
    }

    [Fact]
    public async Task A_revoke_error_leaves_revoke_certs_no_crl_to_install()
    {
        var reply = await LegacyClient.RequestOnceAsync(host.Link, LegacyClient.Body(LegacyClient.Header(action: 2, system: 1, root: LegacyHostFixture.RootRsa, days: 365),
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"u8.ToArray(), [], Encoding.ASCII.GetBytes(new string('0', 40))));
        await AssertNothingToStoreAsync(reply, "InvalidRequest", "certificate:");
    }

    [Fact]
    public async Task A_crl_refresh_error_leaves_do_crl_no_crl_to_install()
    {
        var reply = await LegacyClient.RequestOnceAsync(host.Link, LegacyClient.Body(LegacyClient.Header(action: 2, system: 1, root: 7, days: 365), [], [], Encoding.ASCII.GetBytes(new string('0', 40))));
        await AssertNothingToStoreAsync(reply, "UnknownRoot", "legacy root number 7");
    }

    public void Dispose() => work.Delete(recursive: true);

    private async Task AssertNothingToStoreAsync(LegacyReply reply, string code, string reason)
    {
        Assert.True(reply.IsError, reply.ToString());
        Assert.Empty(reply.Data1);
        Assert.Contains(reason, reply.ErrorMessage);
        Assert.Equal(code, reply.ErrorCode);
        await host.WaitForLogLineAsync("answered with an error", code, reason);
    }
}
