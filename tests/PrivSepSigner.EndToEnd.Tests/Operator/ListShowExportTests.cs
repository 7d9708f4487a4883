using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Operator;

/// <summary>
/// `list`, `show`, `export`, `revoke --cert`, `status` key versions and `ca-cert --issuer` through
/// the real daemons (ListCertificatesRequest 0x0B, ShowCertificateRequest 0x0C,
/// RootVersionsRequest 0x10). None of these commands existed before (issue 18 item 2; issue 14
/// item 4's `list --link L --root R [--revoked] [--json]`).
/// </summary>
public sealed class ListShowExportTests : IAsyncLifetime
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-list-");
    private SignerHost host = null!;
    private readonly List<(string Serial, string File)> ec = [];

    public async Task InitializeAsync()
    {
        host = await SignerHost.StartAsync("unix");
        for (var i = 0; i < 3; i++)
        {
            ec.Add(await IssueAsync("root-ec", $"ec-{i}"));
        }

        _ = await IssueAsync("root-rsa", "rsa-0");
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task List_pages_through_everything_and_filters_by_root_and_status()
    {
        var all = await ListAsync("--page-size", "1");
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Select(c => c.GetProperty("serial").GetString()).Order(StringComparer.Ordinal), all.Select(c => c.GetProperty("serial").GetString()));

        var ecOnly = await ListAsync("--root", "root-ec");
        Assert.Equal(ec.Select(e => e.Serial).Order(StringComparer.Ordinal), ecOnly.Select(c => c.GetProperty("serial").GetString()));
        foreach (var c in ecOnly)
        {
            Assert.Equal("root-ec", c.GetProperty("root").GetString());
            Assert.Equal("server", c.GetProperty("profile").GetString());
            Assert.Equal("valid", c.GetProperty("status").GetString());
            Assert.Contains("host.example.test", c.GetProperty("subject").GetString());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", c.GetProperty("notAfter").GetString());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("revokedAt").ValueKind);
        }

        var revoke = await Tool.Cli("revoke", "--link", host.Link, "--cert", ec[1].File, "--reason", "keyCompromise");
        Assert.True(revoke.ExitCode == 0, revoke + host.Log);
        Assert.Contains($"revoked root-ec serial {ec[1].Serial}", revoke.Stdout);

        var revoked = await ListAsync("--root", "root-ec", "--revoked");
        var only = Assert.Single(revoked);
        Assert.Equal(ec[1].Serial, only.GetProperty("serial").GetString());
        Assert.Equal("keyCompromise", only.GetProperty("revocationReason").GetString());
        Assert.Equal(2, (await ListAsync("--root", "root-ec", "--status", "valid")).Count);
        Assert.Empty(await ListAsync("--expires-before", "2000-01-01"));

        var human = await Tool.Cli("list", "--link", host.Link, "--root", "root-ec");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("3 certificates", human.Stdout);
        Assert.Contains(ec[1].Serial + " ", human.Stdout);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("0x-upper")]
    [InlineData("colons")]
    public async Task Show_takes_the_serial_in_any_form_and_returns_the_certificate(string form)
    {
        var (serial, file) = ec[0];
        var text = form switch
        {
            "0x-upper" => "0x" + serial.ToUpperInvariant(),
            "colons" => string.Join(':', (serial.Length % 2 == 1 ? "0" + serial : serial).Chunk(2).Select(c => new string(c))).ToUpperInvariant(),
            _ => serial,
        };
        var r = await Tool.Cli("show", "--link", host.Link, "--root", "root-ec", "--serial", text, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(serial, json.RootElement.GetProperty("serial").GetString());
        Assert.Equal(File.ReadAllText(file).Trim(), json.RootElement.GetProperty("certificate").GetString()!.Trim());
        foreach (var field in new[] { "root", "profile", "subject", "status", "notBefore", "notAfter", "issuedAt", "revokedAt", "revocationReason", "issuer" })
        {
            Assert.True(json.RootElement.TryGetProperty(field, out _), field);
        }

        var human = await Tool.Cli("show", "--link", host.Link, "--root", "root-ec", "--serial", text);
        Assert.Contains($"serial         {serial}", human.Stdout);
        Assert.Contains("-----BEGIN CERTIFICATE-----", human.Stdout);
    }

    [Fact]
    public async Task Show_of_a_serial_the_root_never_issued_is_refused()
    {
        var r = await Tool.Cli("show", "--link", host.Link, "--root", "root-rsa", "--serial", ec[0].Serial);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("never issued", r.Stderr);
    }

    [Fact]
    public async Task Export_writes_an_index_that_openssl_ca_reads_and_json_lines_with_the_certificates()
    {
        var revoke = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", ec[2].Serial, "--reason", "superseded");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        var ca = Path.Combine(work.FullName, "openssl-ca");
        Directory.CreateDirectory(ca);
        var index = Path.Combine(ca, "index.txt");
        var export = await Tool.Cli("export", "--link", host.Link, "--root", "root-ec", "--format", "index-txt", "--out", index);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(3, File.ReadAllLines(index).Length);
        File.WriteAllText(Path.Combine(ca, "crlnumber"), "1000\n");
        var config = Path.Combine(ca, "ca.cnf");
        File.WriteAllText(config, $"[ca]\ndefault_ca = d\n[d]\ndatabase = {index}\ncrlnumber = {ca}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n");
        var keyDir = Path.Combine(host.Dir, "keys", "root-ec", "current");
        var crl = Path.Combine(ca, "crl.pem");
        var gencrl = await Tool.OpenSslAsync("ca", "-config", config, "-gencrl", "-keyfile", Path.Combine(keyDir, "key.pem"), "-cert", Path.Combine(keyDir, "cert.pem"), "-out", crl);
        Assert.True(gencrl.ExitCode == 0, gencrl.ToString());
        var crlText = await Tool.OpenSslAsync("crl", "-in", crl, "-noout", "-text");
        Assert.Contains(Upper(ec[2].Serial), crlText.Stdout);
        Assert.Contains("Superseded", crlText.Stdout);
        Assert.DoesNotContain(Upper(ec[0].Serial), crlText.Stdout);
        var revokedStatus = await Tool.OpenSslAsync("ca", "-config", config, "-status", Upper(ec[2].Serial));
        Assert.Contains("=Revoked (R)", revokedStatus.Stdout + revokedStatus.Stderr);
        var validStatus = await Tool.OpenSslAsync("ca", "-config", config, "-status", Upper(ec[0].Serial));
        Assert.Contains("=Valid (V)", validStatus.Stdout + validStatus.Stderr);

        var lines = await Tool.Cli("export", "--link", host.Link, "--root", "root-ec");
        Assert.True(lines.ExitCode == 0, lines.ToString());
        var rows = lines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        foreach (var row in rows)
        {
            using var json = JsonDocument.Parse(row);
            using var cert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(json.RootElement.GetProperty("certificate").GetString()!));
            Assert.Equal(json.RootElement.GetProperty("serial").GetString(), cert.SerialNumber.TrimStart('0').ToLowerInvariant());
        }
    }

    [Fact]
    public async Task Status_lists_each_roots_key_versions_and_ca_cert_fetches_one_by_its_sha256()
    {
        var r = await Tool.Cli("status", "--link", host.Link, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.RootElement.GetProperty("signerTime").GetString());
        var root = json.RootElement.GetProperty("roots").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "root-ec");
        var version = Assert.Single(root.GetProperty("versions").EnumerateArray());
        Assert.True(version.GetProperty("current").GetBoolean());
        Assert.Equal("1", version.GetProperty("version").GetString());
        var sha = version.GetProperty("certificateSha256").GetString()!;

        var cert = await Tool.Cli("ca-cert", "--link", host.Link, "--root", "root-ec", "--issuer", sha.ToUpperInvariant());
        Assert.True(cert.ExitCode == 0, cert.ToString());
        Assert.Equal(File.ReadAllText(host.CaFile("root-ec")).Trim(), cert.Stdout.Trim());
        var unknown = await Tool.Cli("ca-cert", "--link", host.Link, "--root", "root-ec", "--issuer", new string('0', 64));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no loaded key version", unknown.Stderr);

        var human = await Tool.Cli("status", "--link", host.Link);
        Assert.Contains("key version 1 (current)", human.Stdout);
    }

    private static string Upper(string serial) => (serial.Length % 2 == 1 ? "0" + serial : serial).ToUpperInvariant();

    private async Task<List<JsonElement>> ListAsync(params string[] extra)
    {
        var r = await Tool.Cli(["list", "--link", host.Link, "--json", .. extra]);
        Assert.True(r.ExitCode == 0, r + host.Log);
        using var json = JsonDocument.Parse(r.Stdout);
        return json.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private async Task<(string Serial, string File)> IssueAsync(string root, string name)
    {
        var file = await host.IssueToFileAsync(work.FullName, name, root);
        return (IssuedCertificates.SerialOf(file), file);
    }
}
