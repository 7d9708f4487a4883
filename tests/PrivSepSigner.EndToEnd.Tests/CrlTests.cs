using System.Text.RegularExpressions;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Full and delta CRLs checked by openssl as a relying party would: a certificate revoked
/// after the base CRL was made is rejected by `openssl verify -crl_check -extended_crl -use_deltas`
/// with the base and the delta (<see cref="Crls.VerifyWithDeltasAsync"/>), and accepted with the
/// base alone; one revoked before the base stays rejected with both.
/// </summary>
public sealed partial class CrlTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-crl-");

    public CrlTests(UnixHostFixture fixture) => host = fixture.Host;

    [Theory]
    [InlineData("root-ec")]
    [InlineData("root-rsa")]
    public async Task A_certificate_revoked_after_the_base_is_rejected_only_with_the_delta(string root)
    {
        var (certA, serialA) = await IssueAsync(root, "a");
        var (certB, serialB) = await IssueAsync(root, "b");
        var ca = host.CaFile(root);

        Assert.Equal(0, (await Tool.Cli("revoke", "--link", host.Link, "--root", root, "--serial", serialA, "--reason", "keyCompromise")).ExitCode);

        // A revocation does not re-sign the base by itself (a base must stay put for its deltas): the operator asks.
        var full = await CrlAsync(root, "full.pem", "--issue");
        var fullText = await Crls.TextAsync(full);
        var baseNumber = CrlNumber(fullText);
        Assert.Contains("verify OK", (await Tool.RunAsync("openssl", ["crl", "-in", full, "-CAfile", ca, "-noout"])).Stderr);
        Assert.Contains("X509v3 Authority Key Identifier", fullText);
        Assert.Contains(serialA.ToUpperInvariant(), fullText.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant());
        Assert.Contains("Key Compromise", fullText);
        Assert.Contains("Freshest CRL", fullText);

        // Nothing new revoked: the same CRL (same number) comes back, asked for plainly or explicitly.
        Assert.Equal(baseNumber, CrlNumber(await Crls.TextAsync(await CrlAsync(root, "again.pem"))));
        Assert.Equal(baseNumber, CrlNumber(await Crls.TextAsync(await CrlAsync(root, "again-issued.pem", "--issue"))));

        Assert.Equal(0, (await Tool.Cli("revoke", "--link", host.Link, "--root", root, "--serial", serialB)).ExitCode);
        var delta = await CrlAsync(root, "delta.pem", "--delta", "--base", baseNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deltaText = await Crls.TextAsync(delta);
        Assert.Contains("X509v3 Delta CRL Indicator: critical", deltaText);
        Assert.True(CrlNumber(deltaText) > baseNumber, "delta CRL numbers continue the sequence");
        Assert.Contains(serialB.ToUpperInvariant(), deltaText.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant());

        var withDelta = await Crls.VerifyWithDeltasAsync(ca, certB, full, delta);
        Assert.NotEqual(0, withDelta.ExitCode);
        Assert.Contains("certificate revoked", withDelta.Stdout + withDelta.Stderr);

        var baseOnly = await Tool.RunAsync("openssl", ["verify", "-crl_check", "-CAfile", ca, "-CRLfile", full, certB]);
        Assert.True(baseOnly.ExitCode == 0, baseOnly.ToString());

        var revokedA = await Crls.VerifyWithDeltasAsync(ca, certA, full, delta);
        Assert.Contains("certificate revoked", revokedA.Stdout + revokedA.Stderr);

        // The plain full CRL is still the base; a new one, asked for, has a higher number and lists both.
        Assert.Equal(baseNumber, CrlNumber(await Crls.TextAsync(await CrlAsync(root, "still.pem"))));
        var next = await Crls.TextAsync(await CrlAsync(root, "full2.pem", "--issue"));
        Assert.True(CrlNumber(next) > CrlNumber(deltaText));
        Assert.Contains(serialB.ToUpperInvariant(), next.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant());
    }

    [Fact]
    public async Task A_delta_against_an_unknown_base_is_refused_clearly()
    {
        var r = await Tool.Cli("crl", "--link", host.Link, "--root", "root-ec", "--delta", "--base", "999999");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no full CRL number 999999", r.Stderr);
    }

    public void Dispose() => work.Delete(recursive: true);

    private Task<(string File, string Serial)> IssueAsync(string root, string name) =>
        host.IssueWithSerialAsync(work.FullName, root + name, root);

    private Task<string> CrlAsync(string root, string file, params string[] extra) =>
        host.FetchToFileAsync(Path.Combine(work.FullName, root + "-" + file), root, 1, extra);

    private static long CrlNumber(string text) =>
        long.Parse(CrlNumberLine().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"X509v3 CRL Number:\s*\n\s*(\d+)")]
    private static partial Regex CrlNumberLine();
}
