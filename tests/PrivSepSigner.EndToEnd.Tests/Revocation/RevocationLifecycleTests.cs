using System.Text.Json;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Revocation;

/// <summary>
/// What users revoked stays revoked, and what the rules allow can change (RFC 5280 5.3.1,
/// issue 22 item 6; issue 14 item 4): a reason raised to keyCompromise keeps the revocation date
/// and gets the earlier date as invalidity date; a certificateHold is released (removeFromCRL on
/// the next delta) or made permanent; a repeat is answered as done; everything else is refused.
/// Mass revocation answers per serial. Checked in the CRLs with openssl.
/// </summary>
public sealed class RevocationLifecycleTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private const string Root = "root-rsa";
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-lifecycle-");

    public RevocationLifecycleTests(UnixHostFixture fixture) => host = fixture.Host;

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task A_reason_raised_to_key_compromise_keeps_its_date_and_gets_the_earlier_invalidity_date()
    {
        var serial = await IssueAsync("raised");
        var first = Json(await RevokeAsync(serial, "superseded"));
        await Task.Delay(1100); // a later change, in another second

        var raised = Json(await RevokeAsync(serial, "keyCompromise"));

        Assert.Equal("keyCompromise", raised.GetProperty("reason").GetString());
        Assert.Equal(first.GetProperty("revokedAt").GetString(), raised.GetProperty("revokedAt").GetString());
        var full = await CrlTextAsync("--issue");
        var entry = Entry(full, serial);
        Assert.Contains("Key Compromise", entry);
        Assert.Contains("Invalidity Date", entry);
        Assert.Equal((1, true), host.Revocation(Root, serial));

        // Lowering it again is refused; asking again for what it is changes nothing.
        var lower = await Tool.Cli("revoke", "--link", host.Link, "--root", Root, "--serial", serial, "--reason", "superseded");
        Assert.Equal(1, lower.ExitCode);
        Assert.Contains("can only be raised to a compromise", lower.Stderr);
        Assert.Equal(0, (await RevokeAsync(serial, "keyCompromise")).ExitCode);
    }

    [Fact]
    public async Task A_hold_is_released_with_remove_from_crl_on_the_next_delta_and_the_certificate_verifies_again()
    {
        var serial = await IssueAsync("held");
        var cert = Path.Combine(work.FullName, "held.pem");
        Assert.Equal(0, (await RevokeAsync(serial, "certificateHold")).ExitCode);
        var baseText = await CrlTextAsync("--issue");
        Assert.Contains("Certificate Hold", Entry(baseText, serial));
        var baseFile = await CrlFileAsync("base.pem", "--issue");

        var release = await Tool.Cli("unhold", "--link", host.Link, "--root", Root, "--serial", serial);
        Assert.True(release.ExitCode == 0, release.ToString());
        Assert.Contains("released the hold", release.Stdout);
        Assert.Equal((-1, false), host.Revocation(Root, serial));
        var delta = await CrlFileAsync("delta.pem", "--delta");
        Assert.Contains("Remove From CRL", Entry((await Tool.RunAsync("openssl", ["crl", "-in", delta, "-noout", "-text"])).Stdout, serial));
        var ok = await Infrastructure.Crls.VerifyWithDeltasAsync(host.CaFile(Root), cert, baseFile, delta);
        Assert.True(ok.ExitCode == 0, ok.ToString());

        // Released, it cannot be released again; a certificate never held cannot be released.
        var again = await Tool.Cli("unhold", "--link", host.Link, "--root", Root, "--serial", serial);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not on hold", again.Stderr);
    }

    [Fact]
    public async Task A_hold_can_be_made_permanent()
    {
        var serial = await IssueAsync("permanent");
        Assert.Equal(0, (await RevokeAsync(serial, "certificateHold")).ExitCode);
        Assert.Equal(0, (await RevokeAsync(serial, "cessationOfOperation")).ExitCode);
        Assert.Equal((5, true), host.Revocation(Root, serial));
        Assert.Contains("Cessation Of Operation", Entry(await CrlTextAsync("--issue"), serial));
    }

    [Fact]
    public async Task A_serials_file_is_revoked_with_one_answer_per_serial()
    {
        var a = await IssueAsync("mass-a");
        var b = await IssueAsync("mass-b");
        Assert.Equal(0, (await RevokeAsync(b, "keyCompromise")).ExitCode);
        var file = Path.Combine(work.FullName, "serials.txt");
        File.WriteAllLines(file, ["# compromised", "0x" + a.ToUpperInvariant(), Colons(b), "", "dead"]);

        var r = await Tool.Cli("revoke", "--link", host.Link, "--root", Root, "--serials-file", file, "--reason", "keyCompromise", "--json");

        Assert.Equal(1, r.ExitCode); // one serial was never issued
        var results = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("serial").GetString()!, e => e.GetProperty("outcome").GetString());
        Assert.Equal("revoked", results[a]);
        Assert.Equal("already revoked", results[b]);
        Assert.Equal("unknown", results["dead"]);
        Assert.True(host.Revocation(Root, a).Revoked);
        Assert.Contains("3 serials", r.Stderr);
    }

    [Fact]
    public async Task Crl_requests_for_an_unknown_root_or_base_are_refused_and_store_nothing()
    {
        var before = Crls();
        var unknownRoot = await Tool.Cli("crl", "--link", host.Link, "--root", "no-such-root");
        Assert.Equal(1, unknownRoot.ExitCode);
        Assert.Contains("UnknownRoot", unknownRoot.Stderr);
        var unknownBase = await Tool.Cli("crl", "--link", host.Link, "--root", Root, "--delta", "--base", "999999");
        Assert.Equal(1, unknownBase.ExitCode);
        Assert.Contains("no full CRL number 999999", unknownBase.Stderr);
        Assert.Equal(before, Crls());
    }

    private long Crls()
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(host.Dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM crls;";
        return (long)cmd.ExecuteScalar()!;
    }

    private async Task<string> IssueAsync(string name)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, name, "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var r = await host.SignAsync(Root, "server", csr);
        Assert.True(r.ExitCode == 0, r.ToString());
        var pem = Path.Combine(work.FullName, name + ".pem");
        File.WriteAllText(pem, r.Stdout);
        return (await Tool.RunAsync("openssl", ["x509", "-in", pem, "-noout", "-serial"])).Stdout.Trim()["serial=".Length..].ToLowerInvariant().TrimStart('0');
    }

    /// <summary>
    /// The "02:14:de:..." form openssl prints. A serial is kept without leading zeros, so one in
    /// sixteen has an odd number of digits: the pairs start from the right, with a 0 put back in
    /// front (cutting pairs from the left lost the last digit and failed CI once).
    /// </summary>
    private static string Colons(string serial)
    {
        var even = serial.Length % 2 == 0 ? serial : "0" + serial;
        return string.Join(':', Enumerable.Range(0, even.Length / 2).Select(i => even.Substring(i * 2, 2)));
    }

    private Task<ProcessResult> RevokeAsync(string serial, string reason) =>
        Tool.Cli("revoke", "--link", host.Link, "--root", Root, "--serial", serial, "--reason", reason, "--json");

    private static JsonElement Json(ProcessResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private async Task<string> CrlFileAsync(string name, params string[] extra)
    {
        var r = await Tool.Cli(["crl", "--link", host.Link, "--root", Root, "--timeout", "60", .. extra]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var path = Path.Combine(work.FullName, name);
        File.WriteAllText(path, r.Stdout);
        return path;
    }

    private async Task<string> CrlTextAsync(params string[] extra) =>
        (await Tool.RunAsync("openssl", ["crl", "-in", await CrlFileAsync(Guid.NewGuid().ToString("N") + ".pem", extra), "-noout", "-text"])).Stdout;

    /// <summary>The lines of one CRL entry in `openssl crl -text` output.</summary>
    private static string Entry(string text, string serial)
    {
        var at = text.IndexOf("Serial Number: " + serial.ToUpperInvariant().PadLeft(serial.Length + (serial.Length % 2), '0'), StringComparison.Ordinal);
        Assert.True(at >= 0, $"serial {serial} not on the CRL:\n{text}");
        var next = text.IndexOf("Serial Number:", at + 15, StringComparison.Ordinal);
        var end = next < 0 ? text.IndexOf("Signature Algorithm", at, StringComparison.Ordinal) : next;
        return text[at..end];
    }
}
