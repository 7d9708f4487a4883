using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers KeepaliveRequest with the signer's clock and the offset it observed.</summary>
internal sealed class KeepaliveHandler : IRequestHandler
{
    private readonly ClockGuard clock;

    public KeepaliveHandler(ClockGuard clock) => this.clock = clock;

    public MessageType RequestType => MessageType.KeepaliveRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch) => Handle(body, batch, batch.Now);

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch, DateTimeOffset received)
    {
        var request = MessageCodec.Deserialize<KeepaliveRequest>(body);
        MessageValidator.Validate(request);
        var offset = clock.Observe(request.FrontEndTimeUnixMs, received);
        return new Answer(MessageType.KeepaliveResponse, MessageCodec.Serialize(new KeepaliveResponse
        {
            RequestId = request.RequestId,
            SignerTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ClockOffsetMs = offset,
        }));
    }
}
