using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// The SAN forms a profile must opt into (issue 16 items 2 and 10), through both daemons
/// with openssl checking the result: an installation whose server profile allows XmppAddr
/// ("xmpp" in sanTypes) and wildcard DNS names ("wildcardDnsNames").
/// </summary>
public sealed class SubjectAltNameFormTests : IClassFixture<SubjectAltNameFormTests.XmppWildcardHost>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-san-");

    public SubjectAltNameFormTests(XmppWildcardHost fixture) => host = fixture.Host;

    [Fact]
    public async Task An_xmpp_server_certificate_with_a_wildcard_verifies_for_one_label_only()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "xmpp", "P-256", "/CN=*.example.test",
            "subjectAltName=DNS:*.example.test,DNS:example.test,otherName:1.3.6.1.5.5.7.8.5;UTF8:example.test");
        var r = await host.SignAsync("root-ec", "server", csr);
        Assert.True(r.ExitCode == 0, r + host.Log);
        var cert = Path.Combine(work.FullName, "xmpp.pem");
        File.WriteAllText(cert, r.Stdout);

        var text = await OpenSslRequests.TextAsync(cert);
        Assert.Contains("DNS:*.example.test, DNS:example.test, othername: XmppAddr::example.test", text);

        async Task<ProcessResult> VerifyAsync(string name) => await Tool.RunAsync("openssl",
            ["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", host.CaFile("root-ec"), "-verify_hostname", name, cert]);
        var one = await VerifyAsync("xmpp.example.test");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal(0, (await VerifyAsync("example.test")).ExitCode);
        var two = await VerifyAsync("a.xmpp.example.test");
        Assert.NotEqual(0, two.ExitCode);
        Assert.Contains("hostname mismatch", two.Stdout + two.Stderr);
    }

    [Theory]
    [InlineData("DNS:*.test", "at least two labels")]
    [InlineData("DNS:www.*.example.test", "leftmost label")]
    [InlineData("DNS:example.test,otherName:1.3.6.1.5.5.7.8.5;UTF8:xn--zz.example.test", "XmppAddr")]
    public async Task A_wildcard_or_xmpp_addr_the_rules_forbid_is_refused(string san, string message)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", "/O=Example Org", "subjectAltName=" + san);
        var before = host.IssuedSerials().Count;
        var r = await host.SignAsync("root-ec", "server", csr);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("SanInvalid", r.Stderr);
        Assert.Contains(message, r.Stderr);
        Assert.Equal(before, host.IssuedSerials().Count);
    }

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>An installation whose server profile allows XmppAddr and wildcards.</summary>
    public sealed class XmppWildcardHost : IAsyncLifetime
    {
        public SignerHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await SignerHost.StartAsync("unix", configure: config =>
        {
            var server = config["profiles"]!["server"]!.AsObject();
            server["sanTypes"] = new JsonArray("dns", "ip", "xmpp");
            server["wildcardDnsNames"] = true;
        });

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
