using PrivSepSigner.Comm.Screening;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Comm.Tests.Screening;

/// <summary>
/// The comm handler's screen, through its public face (a frame in, accepted or refused out):
/// what it accepts goes to the spool re-serialised; what it refuses gets the exact error the
/// front end reads, and never reaches the spool.
/// </summary>
public sealed class RequestScreenTests
{
    private static readonly InstallationConfig Config = ConfigLoader.Parse("""
        {
          "spoolDir": "spool", "stateDir": "state",
          "link": { "kind": "unix", "path": "link" },
          "roots": [ { "name": "root", "keyDirectory": "keys/root", "profiles": [ "server", "subca" ] } ],
          "profiles": {
            "server": { "validityDays": 30, "keyUsage": ["digitalSignature"], "subjectAttributes": ["CN"] },
            "subca": { "validityDays": 365, "ca": true, "keyUsage": ["keyCertSign", "cRLSign"], "subjectAttributes": ["CN"] }
          }
        }
        """, "/");

    private readonly RequestScreen screen = new(Config);

    [Fact]
    public void A_valid_csr_request_is_accepted_and_spooled_as_it_was_understood()
    {
        var request = Sign("req-1", "root", "server", DotNetCsrs.Make(DotNetCsrs.Cn("www.example.org")));

        var result = screen.Screen(Frame(MessageType.SignX509Request, request));

        Assert.Null(result.Error);
        Assert.Equal("req-1", result.RequestId);
        Assert.Equal(MessageType.SignX509Request, result.Type);
        Assert.NotNull(result.CanonicalBody);
        var spooled = MessageCodec.Deserialize<SignX509Request>(result.CanonicalBody);
        Assert.Equal(("req-1", "root", "server"), (spooled.RequestId, spooled.Root, spooled.Profile));
        Assert.Equal(request.Csr, spooled.Csr);
    }

    [Fact]
    public void A_request_that_names_no_root_or_profile_is_accepted()
    {
        var result = screen.Screen(Frame(MessageType.KeepaliveRequest, new KeepaliveRequest { RequestId = "ka-1", FrontEndTimeUnixMs = 1 }));

        Assert.Null(result.Error);
        Assert.Equal(MessageType.KeepaliveRequest, result.Type);
        Assert.NotNull(result.CanonicalBody);
        Assert.Equal("ka-1", MessageCodec.Deserialize<KeepaliveRequest>(result.CanonicalBody).RequestId);
    }

    [Fact]
    public void An_unknown_root_is_refused_by_name()
    {
        var result = screen.Screen(Frame(MessageType.SignX509Request, Sign("req-2", "other", "server", DotNetCsrs.Make(DotNetCsrs.Cn("a.example.org")))));

        AssertRefused(result, "req-2", ErrorCode.UnknownRoot, "root: no root named \"other\"");
    }

    [Fact]
    public void A_profile_the_root_does_not_serve_is_refused_by_name()
    {
        var result = screen.Screen(Frame(MessageType.SignX509Request, Sign("req-3", "root", "client", DotNetCsrs.Make(DotNetCsrs.Cn("a.example.org")))));

        AssertRefused(result, "req-3", ErrorCode.UnknownProfile, "profile: root \"root\" has no profile \"client\"");
    }

    [Fact]
    public void A_ceremony_only_profile_is_refused_over_the_link()
    {
        var result = screen.Screen(Frame(MessageType.SignX509Request, Sign("req-4", "root", "subca", DotNetCsrs.Make(DotNetCsrs.Cn("Sub CA")))));

        AssertRefused(result, "req-4", ErrorCode.PolicyRefused, ProfileConfig.CeremonyOnlyRefusal("subca"));
    }

    [Fact]
    public void A_csr_that_is_not_pkcs10_is_refused()
    {
        var result = screen.Screen(Frame(MessageType.SignX509Request, Sign("req-5", "root", "server", [0x30, 0x03, 0x02, 0x01, 0x00])));

        AssertRefused(result, "req-5", ErrorCode.InvalidRequest, "csr: not a well-formed PKCS#10 request");
    }

    [Fact]
    public void A_bad_request_id_is_refused_without_echoing_it()
    {
        var result = screen.Screen(Frame(MessageType.KeepaliveRequest, new KeepaliveRequest { RequestId = "no spaces", FrontEndTimeUnixMs = 1 }));

        AssertRefused(result, string.Empty, ErrorCode.InvalidRequest, "requestId: must be 1..64 characters of [A-Za-z0-9._:-]");
    }

    [Fact]
    public void A_body_that_is_not_the_message_is_malformed()
    {
        var result = screen.Screen(new Frame(MessageType.SignX509Request, new byte[] { 0x93, 0xa5, 0x72, 0x65, 0x71, 0x2d, 0x36, 0x01, 0x02 }));

        Assert.NotNull(result.Error);
        Assert.Equal(ErrorCode.Malformed, result.Error.Code);
        Assert.Equal("req-6", result.Error.RequestId);
        Assert.Null(result.CanonicalBody);
    }

    [Fact]
    public void A_response_type_sent_as_a_request_is_refused_as_unknown()
    {
        var result = screen.Screen(Frame(MessageType.KeepaliveResponse, new KeepaliveRequest { RequestId = "req-7", FrontEndTimeUnixMs = 1 }));

        AssertRefused(result, "req-7", ErrorCode.UnknownMessageType, $"message type 0x{(byte)MessageType.KeepaliveResponse:x2} is not a request this link accepts");
    }

    private static SignX509Request Sign(string id, string root, string profile, byte[] csr) =>
        new() { RequestId = id, FrontEndTimeUnixMs = 1, Root = root, Profile = profile, Csr = csr };

    private static Frame Frame<T>(MessageType type, T message)
        where T : class => new(type, MessageCodec.Serialize(message));

    private static void AssertRefused(ScreenResult result, string requestId, ErrorCode code, string message)
    {
        Assert.Null(result.CanonicalBody);
        Assert.Equal(MessageType.ErrorResponse, result.Type);
        Assert.NotNull(result.Error);
        Assert.Equal((requestId, code, message), (result.Error.RequestId, result.Error.Code, result.Error.Message));
    }
}
