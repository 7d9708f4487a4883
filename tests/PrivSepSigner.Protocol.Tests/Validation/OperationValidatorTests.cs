using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol.Tests.Validation;

/// <summary>Field syntax of the CA-operation requests; each bad field is named in the error.</summary>
public sealed class OperationValidatorTests
{
    private const long Now = Samples.Now;

    [Theory]
    [InlineData("1f2e3d", true)]
    [InlineData("01", false)]
    [InlineData("1F", false)]
    [InlineData("", false)]
    [InlineData("xyz", false)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789", false)]
    public void Serial_syntax(string serial, bool ok) =>
        Check(ok, "serialHex", () => MessageValidator.Validate(new RevokeRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", SerialHex = serial, Reason = 0 }));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(7, false)]
    [InlineData(8, true)] // removeFromCRL: release a certificateHold (RFC 5280 5.3.1)
    [InlineData(-1, false)]
    [InlineData(11, false)]
    public void Revocation_reason_is_an_rfc5280_code(int reason, bool ok) =>
        Check(ok, "reason", () => MessageValidator.Validate(new RevokeRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", SerialHex = "1f", Reason = reason }));

    [Fact]
    public void A_mass_revocation_names_1_to_1000_distinct_serials()
    {
        RevokeBatchRequest Batch(string[] serials) => new() { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Reason = 1, Serials = serials };
        MessageValidator.Validate(Batch(["1", "2"]));
        Check(false, "serials", () => MessageValidator.Validate(Batch([])));
        Check(false, "serials", () => MessageValidator.Validate(Batch(["1", "1"])));
        Check(false, "serials", () => MessageValidator.Validate(Batch(Enumerable.Range(1, MessageValidator.MaxBatchSerials + 1).Select(n => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToArray())));
        Check(false, "serialHex", () => MessageValidator.Validate(Batch(["1", "0x2"])));
    }

    [Fact]
    public void A_published_crl_answer_is_checked_before_any_file_is_opened()
    {
        PublishedCrlAnswer Answer(string sha, long length, long number = 8) => new() { RequestId = "r", Root = "root-a", CrlSha256 = sha, CrlLength = length, CrlNumber = number, BaseCrlNumber = 0, NextUpdateUnixMs = Now };
        MessageValidator.Validate(Answer(new string('a', 64), 100));
        Check(false, "crlSha256", () => MessageValidator.Validate(Answer("../../keys/root/key.pem", 100)));
        Check(false, "crlSha256", () => MessageValidator.Validate(Answer(new string('A', 64), 100)));
        Check(false, "crlLength", () => MessageValidator.Validate(Answer(new string('a', 64), ProtocolLimits.MaxChunkedBody)));
        Check(false, "crlNumber", () => MessageValidator.Validate(Answer(new string('a', 64), 100, number: 0)));
    }

    [Fact]
    public void Crl_base_number_must_not_be_negative() =>
        Check(false, "baseCrlNumber", () => MessageValidator.Validate(new CrlRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Delta = true, BaseCrlNumber = -1 }));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("../../etc/passwd0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    public void Crl_issuer_is_a_sha256_in_lowercase_hex(string issuer, bool ok) =>
        Check(ok, "issuerCertificateSha256", () => MessageValidator.Validate(new CrlRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Delta = false, BaseCrlNumber = 0, IssuerCertificateSha256 = issuer }));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(MessageValidator.MaxPgpKeyBytes + 1, false)]
    public void Pgp_key_size_is_bounded(int size, bool ok) =>
        Check(ok, "publicKey", () => MessageValidator.Validate(new PgpSignRequest { RequestId = "r", FrontEndTimeUnixMs = Now, PublicKey = new byte[size], UserIds = [] }));

    [Fact]
    public void Pgp_user_ids_are_bounded_and_printable()
    {
        Check(false, "userIds", () => MessageValidator.Validate(new PgpSignRequest { RequestId = "r", FrontEndTimeUnixMs = Now, PublicKey = [1], UserIds = ["a\nb"] }));
        Check(false, "userIds", () => MessageValidator.Validate(new PgpSignRequest { RequestId = "r", FrontEndTimeUnixMs = Now, PublicKey = [1], UserIds = Enumerable.Repeat("x", 33).ToArray() }));
    }

    [Theory]
    [InlineData("CN=Alice", "email:a@example.test", true, "")]
    [InlineData("Alice", "email:a@example.test", false, "subject")]
    [InlineData("CN=Alice", "uri:http://x", false, "sans")]
    public void Spkac_names_are_typed(string subject, string san, bool ok, string field) =>
        Check(ok, field, () => MessageValidator.Validate(new SignSpkacRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Profile = "client", Spkac = [0x30, 0x00], Subject = [subject], Sans = [san] }));

    [Fact]
    public void Spkac_must_be_der() =>
        Check(false, "spkac", () => MessageValidator.Validate(new SignSpkacRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Profile = "client", Spkac = "SPKAC="u8.ToArray(), Subject = [], Sans = [] }));

    /// <summary>Issue 16 item 1: a CSR under stated names; the CSR is checked as a SignX509Request's, the names as a SPKAC's.</summary>
    [Theory]
    [InlineData("CN=www.example.test", "dns:www.example.test", true, "")]
    [InlineData("CN=www.example.test", "otherName:1.3.6.1.5.5.7.8.5;UTF8:example.test", true, "")]
    [InlineData("www.example.test", "dns:www.example.test", false, "subject")]
    [InlineData("=www.example.test", "dns:www.example.test", false, "subject")]
    [InlineData("CN=www.example.test", "uri:http://x", false, "sans")]
    [InlineData("CN=www\nexample", "dns:www.example.test", false, "subject")]
    [InlineData("CN=www.example.test", "", false, "sans")]
    public void Stated_names_are_typed(string subject, string san, bool ok, string field) =>
        Check(ok, field, () => MessageValidator.Validate(WithNames([0x30, 0x00], [subject], [san])));

    [Fact]
    public void Stated_names_are_bounded_in_count_and_length()
    {
        Check(true, "", () => MessageValidator.Validate(WithNames([0x30, 0x00], Enumerable.Repeat("CN=x", MessageValidator.MaxListItems).ToArray(), [])));
        Check(false, "subject", () => MessageValidator.Validate(WithNames([0x30, 0x00], Enumerable.Repeat("CN=x", MessageValidator.MaxListItems + 1).ToArray(), [])));
        Check(false, "sans", () => MessageValidator.Validate(WithNames([0x30, 0x00], [], Enumerable.Repeat("dns:x.test", MessageValidator.MaxListItems + 1).ToArray())));
        Check(true, "", () => MessageValidator.Validate(WithNames([0x30, 0x00], ["CN=" + new string('x', MessageValidator.MaxItemLength - 3)], [])));
        Check(false, "subject", () => MessageValidator.Validate(WithNames([0x30, 0x00], ["CN=" + new string('x', MessageValidator.MaxItemLength - 2)], [])));
        Check(false, "subject", () => MessageValidator.Validate(WithNames([0x30, 0x00], null!, [])));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(ProtocolLimits.MaxCsrBytes, true)]
    [InlineData(ProtocolLimits.MaxCsrBytes + 1, false)]
    public void Stated_names_csr_is_bounded(int size, bool ok)
    {
        var csr = new byte[size];
        if (size > 0)
        {
            csr[0] = 0x30;
        }

        Check(ok, "csr", () => MessageValidator.Validate(WithNames(csr, ["CN=x"], [])));
    }

    [Fact]
    public void Stated_names_need_root_and_profile_names()
    {
        Check(false, "root", () => MessageValidator.Validate(new SignX509WithNamesRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "Root", Profile = "server", Csr = [0x30, 0x00], Subject = [], Sans = [] }));
        Check(false, "profile", () => MessageValidator.Validate(new SignX509WithNamesRequest { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Profile = "../x", Csr = [0x30, 0x00], Subject = [], Sans = [] }));
        Check(false, "frontEndTimeUnixMs", () => MessageValidator.Validate(new SignX509WithNamesRequest { RequestId = "r", FrontEndTimeUnixMs = 0, Root = "root-a", Profile = "server", Csr = [0x30, 0x00], Subject = [], Sans = [] }));
    }

    [Fact]
    public void Keepalive_needs_the_front_end_time() =>
        Check(false, "frontEndTimeUnixMs", () => MessageValidator.Validate(new KeepaliveRequest { RequestId = "r", FrontEndTimeUnixMs = 0 }));

    private static void Check(bool ok, string field, Action validate) => ValidationAssert.Check(ok, field, validate);

    private static SignX509WithNamesRequest WithNames(byte[] csr, string[] subject, string[] sans) =>
        new() { RequestId = "r", FrontEndTimeUnixMs = Now, Root = "root-a", Profile = "server", Csr = csr, Subject = subject, Sans = sans };
}
