using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers KeepaliveRequest with the signer's clock and the offset it observed.</summary>
internal sealed class KeepaliveHandler : RequestHandler<KeepaliveRequest>
{
    private readonly ClockGuard clock;

    public KeepaliveHandler(ClockGuard clock) => this.clock = clock;

    public override MessageType RequestType => MessageType.KeepaliveRequest;

    protected override Answer Handle(KeepaliveRequest request, Batch batch, DateTimeOffset received)
    {
        var offset = clock.Observe(request.FrontEndTimeUnixMs, received);
        return new Answer(MessageType.KeepaliveResponse, MessageCodec.Serialize(new KeepaliveResponse
        {
            RequestId = request.RequestId,
            SignerTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ClockOffsetMs = offset,
        }));
    }
}
