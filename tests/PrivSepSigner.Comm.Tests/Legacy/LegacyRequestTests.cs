using CsCheck;
using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.EndToEnd.Tests.Legacy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Comm.Tests.Support;

namespace PrivSepSigner.Comm.Tests.Legacy;

/// <summary>The legacy body parser: exactly four length-prefixed fields, a 9-byte version-1 header, nothing else.</summary>
public sealed class LegacyRequestTests
{
    private static readonly byte[] Header = LegacyClient.Header(action: 1, system: 1, root: 2, profile: 5, digest: 8, days: 0x016e, keyType: 1);

    [Fact]
    public void A_well_formed_body_parses_into_its_header_fields()
    {
        var r = LegacyRequest.Parse(LegacyClient.Body(Header, "a"u8.ToArray(), "bb"u8.ToArray(), []));
        Assert.Equal((1, 1, 2, 5, 8, 366, 1), (r.Action, r.System, r.Root, r.Profile, r.Digest, (int)r.Days, r.KeyType));
        Assert.Equal("bb"u8.ToArray(), r.Data2);
        Assert.Empty(r.Data3);
    }

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "empty", [] },
        { "three fields", LegacyClient.Body(Header, [], [], [])[..^3] },
        { "field runs past the end", [0, 0, 9, .. Header, 0xFF, 0xFF, 0xFF, 1, 2, 3] },
        { "trailing bytes", [.. LegacyClient.Body(Header, [], [], []), 0] },
        { "short header", LegacyClient.Body(Header[..8], [], [], []) },
        { "long header", LegacyClient.Body([.. Header, 0], [], [], []) },
        { "length prefix cut", [0, 0] },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_body_is_malformed(string what, byte[] body)
    {
        var e = Assert.Throws<ProtocolException>(() => LegacyRequest.Parse(body));
        Assert.True(e.Code == ErrorCode.Malformed, what);
    }

    [Fact]
    public void Another_version_is_unsupported()
    {
        byte[] header = [2, .. Header[1..]];
        Assert.Equal(ErrorCode.UnsupportedVersion, Assert.Throws<ProtocolException>(() => LegacyRequest.Parse(LegacyClient.Body(header, [], [], []))).Code);
    }

    [Fact]
    public void Any_bytes_are_a_request_or_one_protocol_exception() =>
        Gen.Byte.Array[0, 300].Sample(body =>
        {
            try
            {
                _ = LegacyRequest.Parse(body);
            }
            catch (ProtocolException)
            {
            }

            _ = LegacyRequest.PeekAction(body);
        }, iter: 5000);

    [Fact]
    public void Any_bytes_on_the_line_end_in_a_body_a_loss_or_the_end_never_an_exception() =>
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            // A finite input: the framer must reach its end; a returned body must have a valid frame around it.
            using var input = new ScriptStream(bytes);
            var framer = new LegacyFramer(input);
            for (var i = 0; i < 1000; i++)
            {
                var r = framer.ReceiveAsync(CancellationToken.None).GetAwaiter().GetResult();
                if (r.EndOfStream)
                {
                    return;
                }

                if (r.Body is { } body)
                {
                    Assert.True(ContainsFrame(bytes, LegacyClient.Frame(body)));
                }
            }

            Assert.Fail("the framer did not reach the end of a finite input");
        }, iter: 500);

    private static bool ContainsFrame(byte[] haystack, byte[] frame) => haystack.AsSpan().IndexOf(frame) >= 0;
}
