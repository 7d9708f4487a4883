using System.Net.Sockets;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Tests.Client;

/// <summary>
/// `unhold` sends exactly a RevokeRequest with reason 8, removeFromCRL (coordination.md; RFC 5280
/// 5.3.1), and `revoke` the reason it is given, for a serial in any operator form. A real Unix
/// socket plays the comm handler: it reads the frame the CLI wrote and answers it.
/// </summary>
public sealed class UnholdRequestTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pss-unhold-");

    [Theory]
    [InlineData("unhold", "0x14:BA:0F", 8)]
    [InlineData("revoke", "14BA0F", 1)]
    public async Task The_request_on_the_link_is_a_revocation_with_the_right_reason(string command, string serial, int reason)
    {
        var socketPath = Path.Combine(dir.FullName, "link");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var server = ServeOneAsync(listener);

        string[] extra = command == "revoke" ? ["--reason", "keyCompromise"] : [];
        var r = await CliRun.RunAsync([command, "--link", socketPath, "--root", "root-ec", "--serial", serial, "--timeout", "10", .. extra]);
        var request = await server.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("root-ec", request.Root);
        Assert.Equal("14ba0f", request.SerialHex);
        Assert.Equal(reason, request.Reason);
        Assert.Contains("14ba0f", r.Stdout);
        Assert.Contains(command == "unhold" ? "released the hold" : "reason keyCompromise", r.Stdout);
    }

    public void Dispose() => dir.Delete(recursive: true);

    private static async Task<RevokeRequest> ServeOneAsync(Socket listener)
    {
        using var connection = await listener.AcceptAsync();
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        var reader = new FrameReader(stream);
        var writer = new FrameWriter(stream);
        while (true)
        {
            var result = await reader.ReadAsync(CancellationToken.None);
            Assert.False(result.EndOfStream, "the CLI closed the link without a request");
            if (!result.IsFrame)
            {
                continue;
            }

            var frame = result.Frame!.Value;
            Assert.Equal(MessageType.RevokeRequest, frame.Type);
            var request = MessageCodec.Deserialize<RevokeRequest>(frame.Body);
            await writer.WriteAsync(MessageType.RevokeResponse, MessageCodec.Serialize(new RevokeResponse
            {
                RequestId = request.RequestId,
                Root = request.Root,
                SerialHex = request.SerialHex,
                RevokedAtUnixMs = 1_767_225_600_000,
                Reason = request.Reason,
            }), CancellationToken.None);
            return request;
        }
    }
}
