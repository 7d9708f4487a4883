using System.Text.Json;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Tests.Client;

/// <summary>The JSON shape `list`, `show` and `export` share: every field always there, ISO 8601 UTC times, reason names.</summary>
public sealed class CertificateViewTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2027-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static CertificateSummary Summary(long revokedAt = 0, int reason = -1, string notAfter = "2028-01-02T03:04:05Z") => new()
    {
        Root = "root-ec",
        SerialHex = "14ba0f",
        Profile = "server",
        Subject = "C=DE,O=Example\\, Inc.,CN=www.example.org",
        NotBeforeUnixMs = DateTimeOffset.Parse("2027-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
        NotAfterUnixMs = DateTimeOffset.Parse(notAfter, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
        IssuedAtUnixMs = DateTimeOffset.Parse("2027-01-02T03:09:05Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
        RevokedAtUnixMs = revokedAt,
        RevocationReason = reason,
        IssuerCertificateSha256 = new string('a', 64),
        Certificate = null,
    };

    [Fact]
    public void A_valid_certificate_has_every_field_with_null_revocation()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(CertificateView.Of(Summary(), Now), CliJson.Compact));
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["serial", "root", "profile", "subject", "status", "notBefore", "notAfter", "issuedAt", "revokedAt", "revocationReason", "issuer"], names);
        Assert.Equal("valid", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("2028-01-02T03:04:05Z", json.RootElement.GetProperty("notAfter").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("revokedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("revocationReason").ValueKind);
    }

    [Fact]
    public void Revoked_wins_over_expired_and_names_its_reason()
    {
        var at = DateTimeOffset.Parse("2027-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var view = CertificateView.Of(Summary(at, 1, notAfter: "2027-03-01T00:00:00Z"), Now);
        Assert.Equal(("revoked", "2027-02-01T00:00:00Z", "keyCompromise"), (view.Status, view.RevokedAt, view.RevocationReason));
        Assert.Equal("expired", CertificateView.Of(Summary(notAfter: "2027-03-01T00:00:00Z"), Now).Status);
        Assert.Equal("removeFromCRL", CertificateView.Of(Summary(at, 8), Now).RevocationReason);
    }

    [Fact]
    public void The_openssl_index_line_has_openssls_six_fields()
    {
        var at = DateTimeOffset.Parse("2027-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.Equal("V\t280102030405Z\t\t14BA0F\tunknown\t/C=DE/O=Example, Inc./CN=www.example.org", OpenSslIndex.Line(Summary(), Now));
        Assert.Equal("R\t280102030405Z\t270201000000Z,keyCompromise\t14BA0F\tunknown\t/C=DE/O=Example, Inc./CN=www.example.org", OpenSslIndex.Line(Summary(at, 1), Now));
        Assert.StartsWith("R\t280102030405Z\t270201000000Z,certificateHold,holdInstructionNone\t", OpenSslIndex.Line(Summary(at, 6), Now));
        Assert.StartsWith("V\t20510102030405Z\t", OpenSslIndex.Line(Summary(notAfter: "2051-01-02T03:04:05Z"), Now));
    }
}
