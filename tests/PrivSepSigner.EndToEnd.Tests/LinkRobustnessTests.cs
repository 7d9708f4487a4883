using System.Net.Sockets;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Hostile bytes on the link get an error answer and never end the session or the
/// daemon: the same connection goes on to serve a valid request.
/// </summary>
public sealed class LinkRobustnessTests : IClassFixture<UnixHostFixture>
{
    private readonly SignerHost host;

    public LinkRobustnessTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Garbage_unknown_types_and_bad_bodies_are_answered_and_the_session_survives()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.Link));
        await using var stream = new NetworkStream(socket);
        var reader = new FrameReader(stream);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // 1. line noise ending in a delimiter: not a frame.
        await stream.WriteAsync(new byte[] { 0x13, 0x37, 0xff, 0x42, 0x00 }, cts.Token);
        Assert.Equal(ErrorCode.Malformed, (await ReadErrorAsync(reader, cts.Token)).Code);

        // 2. a valid frame of a type no request has.
        await stream.WriteAsync(FrameCodec.Encode((MessageType)0x42, MessageCodec.Serialize(new StatusRequest { RequestId = "t-unknown", FrontEndTimeUnixMs = 1 })), cts.Token);
        var unknown = await ReadErrorAsync(reader, cts.Token);
        Assert.Equal(ErrorCode.UnknownMessageType, unknown.Code);
        Assert.Equal("t-unknown", unknown.RequestId);

        // 3. a sign request whose body is not MessagePack.
        await stream.WriteAsync(FrameCodec.Encode(MessageType.SignX509Request, new byte[] { 0xc1, 0xc1, 0xc1 }), cts.Token);
        Assert.Equal(ErrorCode.Malformed, (await ReadErrorAsync(reader, cts.Token)).Code);

        // 4. a request id with forbidden characters.
        await stream.WriteAsync(FrameCodec.Encode(MessageType.StatusRequest, MessageCodec.Serialize(new StatusRequest { RequestId = "../../etc", FrontEndTimeUnixMs = 1 })), cts.Token);
        Assert.Equal(ErrorCode.InvalidRequest, (await ReadErrorAsync(reader, cts.Token)).Code);

        // 5. the same session still works.
        await stream.WriteAsync(FrameCodec.Encode(MessageType.StatusRequest, MessageCodec.Serialize(new StatusRequest { RequestId = "t-ok", FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })), cts.Token);
        var ok = await reader.ReadAsync(cts.Token);
        Assert.Equal(MessageType.StatusResponse, ok.Frame!.Value.Type);
        Assert.Equal("t-ok", MessageCodec.Deserialize<StatusResponse>(ok.Frame.Value.Body).RequestId);
        Assert.Null(host.ExitCode);
    }

    [Fact]
    public async Task A_csr_signed_with_an_unknown_algorithm_is_refused_and_the_session_survives()
    {
        // Found by fuzz/run.sh (target csr): .NET throws NotSupportedException, not
        // CryptographicException, for this, and the comm handler's screen let it escape.
        var csr = TestCsrs.DotNetP256("fuzz.example.org");
        byte[] ecdsaSha256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
        var at = csr.AsSpan().LastIndexOf(ecdsaSha256);
        Assert.True(at > 0);
        csr[at + 2] = 0x29; // 1.2.840... becomes 1.1.840...

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.Link));
        await using var stream = new NetworkStream(socket);
        var reader = new FrameReader(stream);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await stream.WriteAsync(FrameCodec.Encode(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request
        {
            RequestId = "t-unknown-alg", FrontEndTimeUnixMs = now, Root = "root-ec", Profile = "server", Csr = csr,
        })), cts.Token);
        var refused = await ReadErrorAsync(reader, cts.Token);
        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Equal("t-unknown-alg", refused.RequestId);

        await stream.WriteAsync(FrameCodec.Encode(MessageType.StatusRequest, MessageCodec.Serialize(new StatusRequest { RequestId = "t-after", FrontEndTimeUnixMs = now })), cts.Token);
        var ok = await reader.ReadAsync(cts.Token);
        Assert.Equal(MessageType.StatusResponse, ok.Frame!.Value.Type);
        Assert.Null(host.ExitCode);
    }

    private static async Task<ErrorResponse> ReadErrorAsync(FrameReader reader, CancellationToken ct)
    {
        var r = await reader.ReadAsync(ct);
        Assert.NotNull(r.Frame);
        Assert.Equal(MessageType.ErrorResponse, r.Frame.Value.Type);
        return MessageCodec.Deserialize<ErrorResponse>(r.Frame.Value.Body);
    }
}
