using System.Text;
using System.Text.RegularExpressions;
using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.Configuration;
using PrivSepSigner.EndToEnd.Tests.Legacy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Tests.Legacy;

/// <summary>
/// Legacy fields become native requests only when they are as strict as native fields: mapped
/// numbers, safe digests, openssl-form names without escapes, one PEM block, a valid clock.
/// </summary>
public sealed class LegacyTranslatorTests
{
    private const long Now = 1_767_225_600_000;

    private static readonly LegacyTranslator Translator = new(
        new LegacyConfig
        {
            Roots = new Dictionary<string, string> { ["0"] = "root-rsa" },
            Profiles = new Dictionary<string, string> { ["0"] = "client" },
        },
        new LegacyReplayWindow(TimeSpan.FromSeconds(300), TimeProvider.System));

    [Theory]
    [InlineData(1, "md5 (1) is refused")]
    [InlineData(2, "sha1 (2) is refused")]
    [InlineData(3, "rmd160 (3) is not supported")]
    public void Broken_or_unsupported_digests_are_refused_by_policy(byte digest, string message)
    {
        var e = Refused(Sign(digest: digest));
        Assert.Equal(ErrorCode.PolicyRefused, e.Code);
        Assert.StartsWith("digest: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Digest_id_zero_a_row_without_md_means_the_profiles_default()
    {
        var body = Sign(digest: 0);
        Assert.Equal(MessageType.SignSpkacRequest, Translator.Translate(LegacyRequest.Parse(body), body, Now).Type);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(255)]
    public void Unknown_digest_ids_are_invalid(byte digest) => Assert.Equal(ErrorCode.InvalidRequest, Refused(Sign(digest: digest)).Code);

    [Fact]
    public void Unmapped_root_and_profile_numbers_are_refused_by_kind()
    {
        Assert.Equal(ErrorCode.UnknownRoot, Refused(Sign(root: 1)).Code);
        Assert.Equal(ErrorCode.UnknownProfile, Refused(Sign(profile: 5)).Code);
    }

    public static TheoryData<string, string, string> HostileFields => new()
    {
        { "subject", "CN=no leading slash", "subject:" },
        { "subject", "/CN=a/XX=b", "subject:" },
        { "subject", "/CN=a\\,O=b", "subject:" },
        { "subject", "/CN=", "subject:" },
        { "subject", "/CN=a\u0001b", "subject:" },
        { "sans", "DNS:a b.example", "sans:" },
        { "sans", "URI:http://x", "sans:" },
        { "sans", "IP:010.0.0.1", "sans:" },
        { "sans", "DNS:a,,DNS:b", "sans:" },
        { "sans", "email:\"x\"@y", "sans:" },
        { "request", "SPKAC=not base64!", "spkac:" },
        { "request", "SPKAC=QUJD\nSPKAC=QUJD", "spkac:" },
        { "request", "commonName = a\n", "spkac:" },
        { "request", "favouriteColour = blue\nSPKAC = QUJD\n", "spkac:" },
        { "request", "commonName =\nSPKAC = QUJD\n", "spkac:" },
        { "request", "commonName = a\"b\nSPKAC = QUJD\n", "spkac:" },
        { "subject", "/organisationName=x", "subject:" },
        { "request", "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n", "spkac:" },
    };

    [Theory]
    [MemberData(nameof(HostileFields))]
    public void Hostile_fields_are_invalid_and_named(string field, string value, string prefix)
    {
        var body = field switch
        {
            "subject" => Sign(subject: value),
            "sans" => Sign(sans: value),
            _ => Sign(request: value),
        };
        var e = Refused(body);
        Assert.Equal(ErrorCode.InvalidRequest, e.Code);
        Assert.StartsWith(prefix, e.Message);
    }

    [Fact]
    public void A_csr_field_that_is_not_one_pem_request_is_invalid()
    {
        var e = Refused(Sign(request: "junk -----BEGIN CERTIFICATE REQUEST-----\nQUJD\n-----END CERTIFICATE REQUEST-----\n", keyType: 0));
        Assert.StartsWith("csr:", e.Message);
    }

    [Fact]
    public void Non_utf8_text_is_invalid() =>
        Assert.Equal(ErrorCode.InvalidRequest, Refused(LegacyClient.Body(Header(), [0xC3, 0x28], [], [])).Code);

    [Theory]
    [InlineData("113023592026.00", true)]
    [InlineData("022923592026.00", false)] // 2026 is no leap year
    [InlineData("11302359202600", false)]
    [InlineData("11302359202.600", false)]
    [InlineData("1130235920261.0", false)]
    [InlineData("+1302359202600.", false)]
    public void The_keepalive_clock_is_read_strictly(string text, bool valid)
    {
        Assert.Equal(valid, LegacyTime.TryParse(Encoding.ASCII.GetBytes(text), out var t));
        if (valid)
        {
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero), t);
            Assert.Equal(text, LegacyTime.Write(t));
        }
    }

    [Fact]
    public void A_keepalive_becomes_a_native_keepalive_carrying_the_front_ends_clock()
    {
        var body = LegacyClient.Body(LegacyClient.Header(action: 0), "113023592026.00"u8.ToArray(), [], []);
        var native = Translator.Translate(LegacyRequest.Parse(body), body, Now);
        Assert.Equal(MessageType.KeepaliveRequest, native.Type);
        var request = MessageCodec.Deserialize<KeepaliveRequest>(native.Body);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), request.FrontEndTimeUnixMs);
    }

    [Fact]
    public void Long_attribute_names_in_a_subject_are_the_short_ones_as_openssl_subj_takes_them()
    {
        var request = SpkacRequest(Sign(subject: "/organizationName=Example Org/organizationalUnitName=IT/localityName=Sydney/stateOrProvinceName=NSW/countryName=AU/commonName=www.example.org/emailAddress=a@example.org"));
        Assert.Equal(["O=Example Org", "OU=IT", "L=Sydney", "ST=NSW", "C=AU", "CN=www.example.org", "emailAddress=a@example.org"], request.Subject);
    }

    [Fact]
    public void Cacerts_spkac_file_names_the_subject_in_name_value_lines_around_the_spkac()
    {
        var request = SpkacRequest(Sign(request: "0.emailAddress = a@example.org\r\ncommonName = Alice Example\nSPKAC = QUJD\n"));
        Assert.Equal(["emailAddress=a@example.org", "CN=Alice Example"], request.Subject);
        Assert.Equal("ABC"u8.ToArray(), request.Spkac);
    }

    [Fact]
    public void A_subject_in_both_the_spkac_file_and_the_subject_field_is_refused()
    {
        var e = Refused(Sign(request: "commonName = Alice\nSPKAC = QUJD\n", subject: "/CN=Alice"));
        Assert.Equal(ErrorCode.InvalidRequest, e.Code);
        Assert.StartsWith("subject:", e.Message);
    }

    [Fact]
    public void Content_digests_follow_the_content_and_the_names_its_numbers_map_to()
    {
        var a = LegacyTranslator.ContentDigest("body"u8, "root-rsa", "client");
        Assert.Equal(a, LegacyTranslator.ContentDigest("body"u8, "root-rsa", "client"));
        Assert.NotEqual(a, LegacyTranslator.ContentDigest("body"u8, "root-ec", "client"));
        Assert.NotEqual(a, LegacyTranslator.ContentDigest("bodY"u8, "root-rsa", "client"));
        Assert.Matches(new Regex("^[0-9a-f]{64}$"), a);
    }

    [Fact]
    public void A_revoke_without_a_certificate_is_refresh_crls_a_new_full_crl_of_that_root()
    {
        var body = LegacyClient.Body(LegacyClient.Header(action: 2, system: 1, root: 0, days: 365), [], [], Encoding.ASCII.GetBytes(new string('a', 40)));
        var native = Translator.Translate(LegacyRequest.Parse(body), body, Now);
        Assert.Equal(MessageType.IssueCrlRequest, native.Type);
        Assert.Equal("root-rsa", MessageCodec.Deserialize<IssueCrlRequest>(native.Body).Root);
    }

    [Fact]
    public void An_error_answer_has_an_empty_field_2_the_reason_in_field_3_and_the_code_in_field_4()
    {
        var reply = LegacyReply.Parse(LegacyAnswer.Error(1, ErrorCode.PolicyRefused, "digest: md5 (1) is refused").Encode());
        Assert.True(reply.IsError);
        Assert.Empty(reply.Data1);
        Assert.Equal("digest: md5 (1) is refused", reply.ErrorMessage);
        Assert.Equal("PolicyRefused", reply.ErrorCode);
    }

    [Fact]
    public void A_request_with_an_unknown_action_or_system_is_invalid()
    {
        Assert.StartsWith("action:", Refused(LegacyClient.Body(LegacyClient.Header(action: 3), [], [], [])).Message);
        Assert.StartsWith("system:", Refused(LegacyClient.Body(LegacyClient.Header(action: 2, system: 2), [], [], [])).Message);
    }

    private static SignSpkacRequest SpkacRequest(byte[] body)
    {
        var native = Translator.Translate(LegacyRequest.Parse(body), body, Now);
        Assert.Equal(MessageType.SignSpkacRequest, native.Type);
        return MessageCodec.Deserialize<SignSpkacRequest>(native.Body);
    }

    private static byte[] Header(byte root = 0, byte profile = 0, byte digest = 8, byte keyType = 1) =>
        LegacyClient.Header(action: 1, system: 1, root: root, profile: profile, digest: digest, days: 365, keyType: keyType);

    private static byte[] Sign(byte root = 0, byte profile = 0, byte digest = 8, string request = "SPKAC=QUJD", string sans = "", string subject = "", byte keyType = 1) =>
        LegacyClient.Body(Header(root, profile, digest, keyType), Encoding.UTF8.GetBytes(request), Encoding.UTF8.GetBytes(sans), Encoding.UTF8.GetBytes(subject));

    private static ProtocolException Refused(byte[] body) =>
        Assert.Throws<ProtocolException>(() => Translator.Translate(LegacyRequest.Parse(body), body, Now));
}
