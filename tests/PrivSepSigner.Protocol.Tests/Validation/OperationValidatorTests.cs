using PrivSepSigner.Protocol;

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

    [Fact]
    public void Keepalive_needs_the_front_end_time() =>
        Check(false, "frontEndTimeUnixMs", () => MessageValidator.Validate(new KeepaliveRequest { RequestId = "r", FrontEndTimeUnixMs = 0 }));

    private static void Check(bool ok, string field, Action validate) => ValidationAssert.Check(ok, field, validate);
}
