using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol.Tests.Validation;

/// <summary>The operator's read-only requests (0x0B, 0x0C, 0x10): every field's rule, each failure naming its field.</summary>
public sealed class ListingValidatorTests
{
    private const long Now = Samples.Now;

    [Theory]
    [InlineData(1, true, "")]
    [InlineData(MessageValidator.MaxListPage, true, "")]
    [InlineData(0, false, "limit")]
    [InlineData(MessageValidator.MaxListPage + 1, false, "limit")]
    public void A_page_is_bounded(int limit, bool ok, string field) => Check(ok, field, List(limit: limit));

    [Theory]
    [InlineData("", true, "")]
    [InlineData("1f2e3d", true, "")]
    [InlineData("1F2E3D", false, "serialHex")]
    [InlineData("0x1f", false, "serialHex")]
    public void The_cursor_is_empty_or_a_serial(string after, bool ok, string field) => Check(ok, field, List(after: after));

    [Fact]
    public void Filters_are_checked()
    {
        Check(false, "root", List(root: "Root_A"));
        Check(false, "profile", List(profile: "../x"));
        Check(false, "status", List(status: (CertificateStatusFilter)7));
        Check(false, "notAfterUntilUnixMs", List(from: Now, until: Now));
        Check(false, "notAfterFromUnixMs", List(from: -1));
        Check(true, string.Empty, List(root: null, profile: "server", from: Now, until: Now + 1));
    }

    [Fact]
    public void Show_needs_a_root_and_a_serial()
    {
        Check(false, "serialHex", () => MessageValidator.Validate(new ShowCertificateRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", SerialHex = "00ff" }));
        Check(false, "root", () => MessageValidator.Validate(new ShowCertificateRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "", SerialHex = "ff" }));
        Check(true, string.Empty, () => MessageValidator.Validate(new ShowCertificateRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", SerialHex = "ff" }));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("abc", false)]
    public void Root_versions_filter_is_a_sha256(string? issuer, bool ok) =>
        Check(ok, "issuerCertificateSha256", () => MessageValidator.Validate(new RootVersionsRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", IssuerCertificateSha256 = issuer }));

    private static Action List(int limit = 10, string after = "", string? root = "root-a", string? profile = null, CertificateStatusFilter status = CertificateStatusFilter.Any, long from = 0, long until = 0) =>
        () => MessageValidator.Validate(new ListCertificatesRequest
        {
            RequestId = "r",
            FrontEndTimeUnixMs = Now,
            Root = root,
            Profile = profile,
            Status = status,
            NotAfterFromUnixMs = from,
            NotAfterUntilUnixMs = until,
            AfterSerialHex = after,
            Limit = limit,
            IncludeCertificates = false,
        });

    private static void Check(bool ok, string field, Action validate) => ValidationAssert.Check(ok, field, validate);
}
